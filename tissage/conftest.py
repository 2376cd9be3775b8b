"""Fixtures shared by every app's tests: one user per role, in two teams (see privacy tests)."""

import logging
import os
import sys

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


# --- No personal data in application logs -------------------------------------------------
# Every log record of the run is kept; fixtures that create persons register their alias,
# names and notes as sensitive; when the run ends, a record that contains one fails the run.

SENSITIVE: set[str] = set()


def register_sensitive(*values: str) -> None:
    SENSITIVE.update(value for value in values if value and len(value) >= 4)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a malformed record must not break the run it observes
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += f" {record.exc_info[1]}"
        self.lines.append(f"{record.name}: {text}")


LOG_COLLECTOR = _Collector()


def offending_log_lines(lines: list[str], sensitive: set[str]) -> list[str]:
    folded = [value.casefold() for value in sensitive]
    return [line for line in lines if any(value in line.casefold() for value in folded)]


def pytest_sessionstart(session: pytest.Session) -> None:
    logging.getLogger().addHandler(LOG_COLLECTOR)


@pytest.fixture(autouse=True)
def _log_collector_stays_attached():
    """Some libraries reconfigure logging when they load (a dictConfig drops the root's
    handlers, `logging.disable` mutes levels): keep the collector seeing every record."""
    root = logging.getLogger()
    if LOG_COLLECTOR not in root.handlers:
        root.addHandler(LOG_COLLECTOR)
    logging.disable(logging.NOTSET)
    yield


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    logging.getLogger().removeHandler(LOG_COLLECTOR)
    offending = offending_log_lines(LOG_COLLECTOR.lines, SENSITIVE)
    if offending:
        print("\nPersonal data found in application logs:", file=sys.stderr)
        for line in offending[:20]:
            print(f"  {line}", file=sys.stderr)
        session.exitstatus = 1


# --- Two teams with real files, for the access matrix and the privacy tests -----------------


@pytest.fixture
def files(users, teams):
    """A file in each team, a file with no team, a sealed file of team rue that only bob may
    see, an intervention and a referral of the rue file (carol worked with that person)."""
    import datetime

    from tissage.directory.models import Organization
    from tissage.people.models import Consent, Intervention, Person, Referral

    def person(code: str, alias: str, team: str | None) -> Person:
        register_sensitive(alias, f"Nom{alias}")
        return Person.objects.create(
            code=code,
            alias=alias,
            last_name=f"Nom{alias}",
            birth_year=1990,
            team=teams[team] if team else None,
        )

    rue = person("PRUE1", "Zéphyrine-rue", "rue")
    ecole = person("PECO1", "Bartholomé-ecole", "ecole")
    loose = person("PSANS1", "Ondine-sansequipe", None)
    sealed = person("PSCEL1", "Ysolde-scellee", "rue")
    sealed.sealed = True
    sealed.save()
    sealed.allowed_users.set([users["bob"]])
    notes = "Notes-confidentielles-rue"
    register_sensitive(notes)
    intervention = Intervention.objects.create(
        date=datetime.date(2024, 5, 2), notes=notes, created_by=users["carol"]
    )
    intervention.persons.set([rue])
    intervention.workers.set([users["carol"]])
    sealed_intervention = Intervention.objects.create(date=datetime.date(2024, 5, 3))
    sealed_intervention.persons.set([sealed])
    organization = Organization.objects.create(name="Maison Repère")
    referral = Referral.objects.create(
        date=datetime.date(2024, 5, 4),
        person=rue,
        direction=Referral.Direction.OUT,
        organization=organization,
        reason="Logement",
    )
    Consent.objects.create(person=rue, purpose=Consent.Purpose.SERVICES)
    return {
        "rue": rue,
        "ecole": ecole,
        "loose": loose,
        "sealed": sealed,
        "intervention": intervention,
        "sealed_intervention": sealed_intervention,
        "referral": referral,
    }


@pytest.fixture(autouse=True)
def _admin_second_factor_off(settings):
    """The other apps' tests sign administrators in with force_login, without a code; the
    requirement itself is tested in tissage/accounts/tests/test_security.py (which turns it on)."""
    settings.TISSAGE_REQUIRE_ADMIN_OTP = False
