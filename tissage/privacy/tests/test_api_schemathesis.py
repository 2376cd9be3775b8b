"""Schemathesis against the API's OpenAPI schema (issue #9: security checks in `make test`).

The schema is read from the running application (`/api/openapi.json`), in-process through the
WSGI application: no server, no network. Every operation is called with data generated from its
schema, as an administrator (personal API token) and anonymously:

- as an administrator, no answer is a server error and every answer matches the schema the
  operation declares (status code and body);
- anonymously, every operation but the public directory is refused (401) and the refusal holds
  none of the personal data of the test files.

Bounded: a few examples per operation, derandomized, no deadline; it runs in well under a
minute on SQLite and PostgreSQL.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from tissage.accounts.models import ApiToken
from tissage.privacy.access import PUBLIC, ApiAccess

SCHEMA_URL = "/api/openapi.json"
EXAMPLES = 6

_bounded = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _hosts(settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


@pytest.fixture
def wsgi_app(db: Any) -> Iterator[Any]:
    """The WSGI application, on the test's database connection. Like Django's test client,
    it keeps the connection open between requests: closing it at the end of a request would
    end the test's transaction (PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app: Any, _hosts: None, files: dict[str, Any]) -> Any:
    """The schema as the application serves it, calling the application in-process."""
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app)


@pytest.fixture
def admin_token(users: dict[str, Any]) -> str:
    _, key = ApiToken.issue(users["alice"], "schemathesis")
    return key


def _public_operations() -> set[tuple[str, str]]:
    """(method, path) of the operations anyone may call, as the schema names them."""
    from tissage.api import api

    found = set()
    for prefix, router in api._routers:
        for route, path_view in router.path_operations.items():
            for operation in path_view.operations:
                auth = operation.auth_param
                if isinstance(auth, ApiAccess) and auth.perm == PUBLIC:
                    path = "/api/" + (prefix.strip("/") + "/" + route.lstrip("/")).lstrip("/")
                    found |= {(method.upper(), path.rstrip("/")) for method in operation.methods}
    return found


def _operations(api_schema: Any) -> list[Any]:
    operations = []
    for result in api_schema.get_all_operations():
        assert isinstance(result, Ok), result  # the schema itself must be valid
        operations.append(result.ok())
    assert len(operations) > 20, "the API schema lists too few operations"
    return operations


def _run(operation: Any, test: Any, examples: int) -> str | None:
    """Run `test` on cases generated for `operation`; the failure as text, or None."""

    @settings(_bounded, max_examples=examples)
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        test(case)

    try:
        check()
    except (Exception, BaseExceptionGroup) as error:  # every operation runs; failures together
        details = "\n".join(str(error).splitlines()[:12])
        return f"{operation.method.upper()} {operation.path}: {type(error).__name__}: {details}"
    return None


def isolated(test: Any) -> Any:
    """Each call in a savepoint: on PostgreSQL, one failed request would otherwise abort the
    test's transaction and turn every later call into an error."""

    def run(case: Any) -> None:
        savepoint = transaction.savepoint()
        try:
            test(case)
        finally:
            transaction.savepoint_rollback(savepoint)

    return run


def administrator_check(admin_token: str) -> Any:
    """The check of one generated case, as an administrator: no 5xx, the declared schema."""
    headers = {"Authorization": f"Bearer {admin_token}"}

    def test(case: Any) -> None:
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    return isolated(test)


def _run_all(api_schema: Any, test: Any, examples: int) -> list[str]:
    """Every operation's failure."""
    return [
        failure
        for operation in _operations(api_schema)
        if (failure := _run(operation, test, examples))
    ]


def test_every_operation_as_administrator(api_schema: Any, admin_token: str) -> None:
    found = _run_all(api_schema, administrator_check(admin_token), EXAMPLES)
    assert not found, "\n\n".join(found)


def _first_key(body: Any, names: tuple[str, ...]) -> Any:
    items = body
    if isinstance(body, dict):  # Ninja's pages hold "items", HSDS pages "contents"
        items = body.get("items", body.get("contents", []))
    for item in items if isinstance(items, list) else []:
        for name in names:
            if isinstance(item, dict) and item.get(name) is not None:
                return item[name]
    return None


def test_real_records_match_the_schema(api_schema: Any, admin_token: str) -> None:
    """Generated identifiers mostly answer 404: read each record the lists name, so that the
    schema of a real answer (a file, an intervention, an organization) is checked too."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    checks = [not_a_server_error, response_schema_conformance]
    gets = {op.path: op for op in _operations(api_schema) if op.method.upper() == "GET"}
    read = []
    for path, operation in gets.items():
        parent, last = path.rsplit("/", 1)
        params = [p for p in operation.path_parameters] if last.startswith("{") else []
        if len(params) != 1 or parent not in gets:
            continue
        name = params[0].name
        listed = gets[parent].Case().call_and_validate(headers=headers, checks=checks)
        key = _first_key(listed.json(), (name, "id", "code"))
        if key is None:
            continue
        response = operation.Case(path_parameters={name: key}).call_and_validate(
            headers=headers, checks=checks
        )
        assert response.status_code == 200, (path, key)
        read.append(path)
    for expected in [
        "/api/people/persons/{code}",
        "/api/people/referrals/{id}",
        "/api/hsds/organizations/{id}",
    ]:
        assert expected in read, f"{expected} was not read with a real record"


def test_every_operation_refuses_anonymous_callers(api_schema: Any, files: dict[str, Any]) -> None:
    secrets = [
        str(getattr(value, field))
        for value in files.values()
        for field in ("alias", "last_name", "notes")
        if getattr(value, field, "")
    ]
    assert secrets
    public = _public_operations()
    assert public, "the directory's public operations were not found"
    schema_paths = {(op.method.upper(), op.path.rstrip("/")) for op in _operations(api_schema)}
    assert public <= schema_paths, public - schema_paths

    def test(case: Any) -> None:
        response = case.call()
        where = (case.method, case.formatted_path, response.status_code)
        assert response.status_code < 500, where
        if (case.method.upper(), case.operation.path.rstrip("/")) not in public:
            # Refused: 401, or 400 when the request carries a NUL character (refused first,
            # whoever asks).
            nul = response.status_code == 400 and "NUL character refused" in response.text
            assert response.status_code == 401 or nul, where
        for secret in secrets:
            assert secret not in response.text, where

    found = _run_all(api_schema, isolated(test), 2)
    assert not found, "\n\n".join(found)
