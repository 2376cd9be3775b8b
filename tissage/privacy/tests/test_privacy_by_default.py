"""Privacy by default (Law 25, s. 9.1): nothing is public unless someone chose it.

The pages open without signing in are a short, known list; a page made public by mistake fails
here until it is added on purpose. A new user is a worker, who sees the files of their teams
(and the files without a team), never the others. The member directory (bottin) shows only the
members who chose to be listed.
"""

import types

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client

from tissage.accounts.models import User
from tissage.accounts.roles import Role
from tissage.privacy.access import PUBLIC, persons_for
from tissage.privacy.tests.test_access_matrix import all_operations, all_pages
from tissage.privacy.tests.urlconfs import with_page

# Every page anyone may open without signing in, and why.
PUBLIC_PAGES = {
    ":health",  # the health check: "ok", nothing else
    "accounts:login",
    "accounts:logout",
    "accounts:set_language",
    "privacy:officer",  # the person in charge of personal information (Law 25, s. 3.2)
    "members:directory",  # the member directory: opted-in members only
    # The directory of organizations and services the organization publishes.
    "public_directory:search",
    "public_directory:print",
    "public_directory:email",
    "public_directory:service",
    "public_directory:report",
    "public_directory:update",  # a private link sent to an organization
}


def test_only_the_chosen_pages_are_public():
    public = {page.name for page in all_pages() if page.rule == PUBLIC}
    assert public == PUBLIC_PAGES


def test_only_the_directory_api_is_public():
    public = {op.url for op in all_operations() if op.perm.perm == PUBLIC}
    assert public and all(url.startswith("/api/hsds") for url in public)


@pytest.mark.django_db
def test_a_new_user_is_a_worker_who_sees_only_files_without_a_team(files):
    newcomer = User.objects.create_user("nouvelle", password="une-phrase-solide-123")
    assert newcomer.role == Role.WORKER
    assert not newcomer.is_staff and not newcomer.is_superuser
    assert set(persons_for(newcomer).values_list("code", flat=True)) == {files["loose"].code}


def test_a_new_member_is_not_in_the_public_member_directory():
    from tissage.members.models import Member

    member = Member(name="Personne-non-inscrite")
    assert member.listed_since is None
    assert not member.listed  # listed only once the member chooses it (members' own tests)


def _forgotten(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Zéphyrine-rue")


def forgotten_urlconf() -> types.ModuleType:
    """The project's URLs plus one page whose view declared no rule."""
    return with_page("oublie/", _forgotten, "forgotten")


@pytest.mark.django_db
def test_a_page_without_a_rule_is_refused_to_everyone(settings, users):
    settings.ROOT_URLCONF = forgotten_urlconf()
    assert Client().get("/oublie/").status_code == 403
    admin = Client()
    admin.force_login(users["alice"])
    response = admin.get("/oublie/")
    assert response.status_code == 403
    assert b"Z\xc3\xa9phyrine" not in response.content
