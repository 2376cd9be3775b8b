"""The access matrix, generated from the URL configuration and the API.

Every page and every API operation × every role (and anonymous): the answer must follow the
rule the view declared in tissage/privacy/access.py. A new URL is covered without anyone
writing a test for it; a new URL with no declared rule fails `test_every_view_declares_a_rule`.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from tissage.accounts.roles import Role
from tissage.api import api
from tissage.conftest import ROLE_USERS
from tissage.privacy.access import (
    DENIED_HEADER,
    PERSONAL,
    PUBLIC,
    ROLE_PERMISSIONS,
    ApiAccess,
    rule_of,
)


@dataclass(frozen=True)
class Page:
    url: str
    rule: str | None
    name: str


_SAMPLES = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid.UUID(int=0))}


def _fill_route(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: _SAMPLES[m.group(1) or "str"], route)


def _fill_regex(regex: str) -> str:
    def group(match: re.Match[str]) -> str:
        body = match.group(1)
        alternatives = body.split("|")
        if all(re.fullmatch(r"[\w-]+", alt) for alt in alternatives):
            return alternatives[0]
        return "1"

    text = re.sub(r"\(\?P<\w+>((?:[^()]|\([^()]*\))*)\)", group, regex)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Page]:
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = _fill_route(str(pattern)) if isinstance(pattern, RoutePattern) else None
        if isinstance(pattern, RegexPattern):
            text = _fill_regex(pattern.regex.pattern)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if entry.namespace and namespace and entry.namespace != namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from _walk(entry, prefix + (text or ""), inner)
        elif isinstance(entry, URLPattern):
            url = "/" + prefix + (text or "")
            yield Page(url, rule_of(entry.callback, namespace), f"{namespace}:{entry.name}")


def all_pages() -> list[Page]:
    return [page for page in _walk(get_resolver()) if not page.name.startswith("api:")]


@dataclass(frozen=True)
class Operation:
    method: str
    url: str
    perm: Any


def all_operations() -> list[Operation]:
    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    # Keep a trailing slash where the route has one: Ninja routes are exact.
                    url = "/api/" + (prefix.strip("/") + "/" + path.lstrip("/")).lstrip("/")
                    url = url if path.endswith("/") else url.rstrip("/")
                    url = re.sub(r"\{(\w+)(?::\w+)?\}", "x", url)
                    found.append(Operation(method, url, operation.auth_param))
    return found


def test_every_view_declares_a_rule():
    undeclared = [page.name for page in all_pages() if page.rule is None]
    assert undeclared == []


def test_the_matrix_covers_the_shell_and_every_capability():
    names = {page.name for page in all_pages()}
    for expected in [":home", "accounts:login", "people:index", "reports:index", "privacy:index"]:
        assert expected in names
    assert len(all_pages()) > 40  # the admin site included


def test_every_api_operation_declares_a_permission():
    operations = all_operations()
    assert operations, "the API exposes no operation"
    for operation in operations:
        assert isinstance(operation.perm, ApiAccess), operation
        assert operation.perm.perm is not None, operation
        if operation.perm.perm == PUBLIC:
            assert "/hsds" in operation.url, f"only the directory's API is public: {operation}"


@pytest.mark.parametrize("role", list(Role))
def test_statistics_and_directory_roles_hold_no_personal_permission(role):
    if role in (Role.STATISTICS, Role.DIRECTORY):
        assert not (ROLE_PERMISSIONS[role] & PERSONAL)


def _expected_page(page: Page, role: Role | None) -> str:
    if page.rule == PUBLIC:
        return "open"
    if role is None:
        return "login"
    return "open" if page.rule in ROLE_PERMISSIONS[role] else "denied"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r or "anonymous")
def test_pages_answer_by_role(role, users):
    client = Client(raise_request_exception=False)
    if role is not None:
        client.force_login(users[ROLE_USERS[role]])
    failures = []
    for page in all_pages():
        assert resolve(page.url.split("?")[0]) is not None
        response = client.get(page.url)
        expected = _expected_page(page, role)
        status = response.status_code
        by_role = response.get(DENIED_HEADER) == "denied-by-role"
        if status >= 500:
            failures.append((page.url, status, "server error"))
        elif expected == "denied" and not (status == 403 and by_role):
            failures.append((page.url, status, "should be denied"))
        elif expected == "login" and not (
            status == 302 and "/compte/connexion/" in response["Location"]
        ):
            failures.append((page.url, status, "should ask to sign in"))
        elif expected == "open" and (status == 401 or by_role):
            failures.append((page.url, status, "should be open"))
        if status == 403:
            # A refusal says so and nothing else: no record, no name.
            body = response.content.decode()
            assert "Accès refusé" in body or "Access denied" in body
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *Role], ids=lambda r: r or "anonymous")
def test_api_answers_by_role(role, users):
    client = Client(raise_request_exception=False)
    if role is not None:
        client.force_login(users[ROLE_USERS[role]])
    failures = []
    for operation in all_operations():
        response = client.generic(operation.method, operation.url)
        status = response.status_code
        public = operation.perm.perm == PUBLIC
        if status >= 500:
            failures.append((operation.url, status))
        elif public and status in (401, 403):
            failures.append((operation.url, status, "public data should be open"))
        elif public:
            continue
        elif role is None and status != 401:
            failures.append((operation.url, status, "should be 401"))
        elif role is not None and operation.perm.perm not in ROLE_PERMISSIONS[role]:
            if status != 403:
                failures.append((operation.url, status, "should be 403"))
        elif role is not None and status in (401, 403):
            failures.append((operation.url, status, "should be allowed"))
    assert failures == []


@pytest.mark.django_db
def test_statistics_user_reaches_no_page_that_shows_a_person(users):
    client = Client()
    client.force_login(users["frank"])
    personal_pages = [page for page in all_pages() if page.rule in PERSONAL]
    assert personal_pages, "no personal page found: the check would prove nothing"
    for page in personal_pages:
        assert client.get(page.url).status_code == 403, page.url
