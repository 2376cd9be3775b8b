"""Fixtures shared by every app's tests: one user per role, in two teams (see privacy tests)."""

import os

import pytest
from django.test import Client

from tissage.accounts.models import Team, User
from tissage.accounts.roles import Role

# Playwright's sync API runs an event loop in the test thread; the live server is real.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def restore_reference_data() -> None:
    """Put back what data migrations install (the default vocabularies, …).

    A transactional test (every browser test) empties the database when it ends, and Django's
    serialized rollback does not survive Playwright's event loop; so each transactional test
    starts by restoring the reference data, idempotently.
    """
    from tissage.vocabularies.defaults import load_defaults
    from tissage.vocabularies.models import Term, Vocabulary

    load_defaults(Vocabulary, Term)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture
def teams(db) -> dict[str, Team]:
    return {
        "rue": Team.objects.create(name="Travail de rue"),
        "ecole": Team.objects.create(name="Milieu scolaire"),
    }


@pytest.fixture
def users(teams) -> dict[str, User]:
    """alice administers; bob directs; carol and dave are workers of two teams; erin keeps the
    directory; frank sees statistics only."""
    spec = {
        "alice": (Role.ADMIN, []),
        "bob": (Role.DIRECTION, ["rue", "ecole"]),
        "carol": (Role.WORKER, ["rue"]),
        "dave": (Role.WORKER, ["ecole"]),
        "erin": (Role.DIRECTORY, []),
        "frank": (Role.STATISTICS, []),
    }
    made = {}
    for name, (role, team_keys) in spec.items():
        user = User.objects.create_user(name, f"{name}@example.org", PASSWORD, role=role)
        user.teams.set([teams[key] for key in team_keys])
        made[name] = user
    return made


ROLE_USERS = {
    Role.ADMIN: "alice",
    Role.DIRECTION: "bob",
    Role.WORKER: "carol",
    Role.DIRECTORY: "erin",
    Role.STATISTICS: "frank",
}


@pytest.fixture
def client_for(users):
    def make(name: str) -> Client:
        client = Client()
        client.force_login(users[name])
        return client

    return make


CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (its own browser downloads are not available)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="en-US", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
