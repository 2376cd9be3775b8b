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


def _fill_route(route: str, values: dict[str, str] | None = None) -> str:
    def fill(match: re.Match[str]) -> str:
        if values and match.group(2) in values:
            return values[match.group(2)]
        return _SAMPLES[match.group(1) or "str"]

    return re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _fill_regex(regex: str, values: dict[str, str] | None = None) -> str:
    def group(match: re.Match[str]) -> str:
        if values and match.group(1) in values:
            return values[match.group(1)]
        body = match.group(2)
        alternatives = body.split("|")
        if all(re.fullmatch(r"[\w-]+", alt) for alt in alternatives):
            return alternatives[0]
        return "1"

    text = re.sub(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", group, regex)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def _walk(
    resolver: URLResolver,
    prefix: str = "",
    namespace: str = "",
    values: dict[str, str] | None = None,
) -> Iterator[Page]:
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = _fill_route(str(pattern), values) if isinstance(pattern, RoutePattern) else None
        if isinstance(pattern, RegexPattern):
            text = _fill_regex(pattern.regex.pattern, values)
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if entry.namespace and namespace and entry.namespace != namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from _walk(entry, prefix + (text or ""), inner, values)
        elif isinstance(entry, URLPattern):
            url = "/" + prefix + (text or "")
            yield Page(url, rule_of(entry.callback, namespace), f"{namespace}:{entry.name}")


def all_pages(values: dict[str, str] | None = None) -> list[Page]:
    """Every page; `values` fills the named parts of the paths (`code`, `pk`) with real ones."""
    return [
        page for page in _walk(get_resolver(), values=values) if not page.name.startswith("api:")
    ]


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


# --- Two teams, real files: every person-level URL × every role -----------------------------
# carol works in team rue, dave in team ecole. A file of team rue must open for carol and be
# "not found" for dave on every page and API operation that names it; a sealed file opens only
# for the users named on it (bob), administrators included. A new person-level URL is covered
# by itself: it is found in the URL configuration by its `code` or `pk` part.

# Pages whose `pk` names an intervention or a referral (the others name other records).
_PK_OWNERS = {
    "people:intervention": "intervention",
    "people:intervention_edit": "intervention",
    "people:referral_outcome": "referral",
}


def _person_pages(files: dict[str, Any], key: str) -> list[Page]:
    """The pages that show the file `key`, or one of its interventions or referrals."""
    marker = files[key].code
    values = {"code": marker}
    consent = files[key].consents.order_by("pk").first()
    if consent is not None:  # pages that name one of the file's consents
        values["pk"] = str(consent.pk)
    pages = [
        page
        for page in all_pages(values)
        if marker in page.url
        and (page.name.startswith("people:") or page.name.startswith("privacy:"))
    ]
    if key == "rue":
        for name, owner in _PK_OWNERS.items():
            pk = str(files[owner].pk)
            pages += [p for p in all_pages({"pk": pk}) if p.name == name]
    return pages


def _answer(client: Client, url: str) -> Any:
    response = client.get(url)
    if response.status_code == 405:  # a page that only takes a form
        response = client.post(url, {})
    return response


@pytest.mark.django_db
def test_person_level_pages_follow_the_teams(users, files):
    pages = _person_pages(files, "rue")
    names = {page.name for page in pages}
    for expected in [
        "people:person",
        "people:person_edit",
        "people:intervention",
        "people:intervention_edit",
        "people:referral_outcome",
        "people:consent_withdraw",
        "privacy:person_export",
    ]:
        assert expected in names, f"{expected} not exercised"
    carol, dave = Client(raise_request_exception=False), Client(raise_request_exception=False)
    carol.force_login(users["carol"])
    dave.force_login(users["dave"])
    alias = files["rue"].alias
    failures = []
    for page in pages:
        # dave first: carol's answer to a form may change the record.
        refused = _answer(dave, page.url)
        if refused.status_code != 404 or alias.encode() in refused.content:
            failures.append((page.url, "dave", refused.status_code))
        allowed = _answer(carol, page.url)
        if allowed.status_code in (403, 404) or allowed.status_code >= 500:
            failures.append((page.url, "carol", allowed.status_code))
    assert failures == []
    assert alias in carol.get(f"/personnes/{files['rue'].code}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "allowed", "refused"),
    [
        ("rue", ["alice", "bob", "carol"], ["dave"]),
        ("ecole", ["alice", "bob", "dave"], ["carol"]),
        ("loose", ["alice", "bob", "carol", "dave"], []),
        ("sealed", ["bob"], ["alice", "carol", "dave"]),
    ],
)
def test_each_file_opens_only_for_its_users(users, files, key, allowed, refused):
    person = files[key]
    for name in allowed + refused:
        client = Client(raise_request_exception=False)
        client.force_login(users[name])
        page = client.get(f"/personnes/{person.code}/")
        api = client.get(f"/api/people/persons/{person.code}")
        listed = client.get("/api/people/persons").json()
        codes = {item["code"] for item in listed["items"]}
        suggestions = client.get("/personnes/autocompletion/", {"q": person.alias[:6]})
        if name in allowed:
            assert (page.status_code, api.status_code) == (200, 200), name
            assert person.code in codes, name
        else:
            assert (page.status_code, api.status_code) == (404, 404), name
            assert person.alias not in page.content.decode(), name
            assert person.alias not in api.content.decode(), name
            assert person.code not in codes, name
            assert person.code not in suggestions.content.decode(), name


@pytest.mark.django_db
def test_interventions_and_referrals_of_another_team_are_not_found(users, files):
    dave = Client(raise_request_exception=False)
    dave.force_login(users["dave"])
    intervention, referral = files["intervention"], files["referral"]
    assert dave.get(f"/api/people/interventions/{intervention.pk}").status_code == 404
    assert dave.get(f"/api/people/referrals/{referral.pk}").status_code == 404
    listed = dave.get("/api/people/interventions").content.decode()
    assert files["intervention"].notes not in listed
    carol = Client()
    carol.force_login(users["carol"])
    assert carol.get(f"/api/people/interventions/{intervention.pk}").status_code == 200
    sealed = files["sealed_intervention"]
    assert carol.get(f"/api/people/interventions/{sealed.pk}").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["erin", "frank"])
def test_roles_without_personal_access_get_no_personal_data(users, files, name):
    client = Client(raise_request_exception=False)
    client.force_login(users[name])
    for url in [
        f"/personnes/{files['rue'].code}/",
        "/personnes/liste/",
        f"/api/people/persons/{files['rue'].code}",
        "/api/people/persons",
        f"/confidentialite/personnes/{files['rue'].code}/export/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert files["rue"].alias not in response.content.decode(), url


@pytest.mark.django_db
def test_error_pages_hold_no_personal_data(users, files):
    client = Client(raise_request_exception=False)
    client.force_login(users["dave"])
    for url in ["/personnes/PRUE1/", "/personnes/nexiste-pas/", "/api/people/persons/PSCEL1"]:
        response = client.get(url)
        assert response.status_code == 404
        body = response.content.decode()
        for person in files.values():
            alias = getattr(person, "alias", None)
            if alias:
                assert alias not in body, url
