"""No list costs more queries for more rows (issue #10): every list page and every list
operation of the API is opened with N rows, then with 3N rows (each row with every relation
its list shows), by a user who sees them all; the number of queries must be the same. One
page grows by design, the targets (two queries a target, explained at its case).

The rows stay under a page (50) so that a query per row would show. The builders are in
rows.py. Pages that are not lists (a record's form, a report) are not here; a report's cost
is measured by bench/.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tissage.lib.tests import rows

N = 3


@dataclass(frozen=True)
class Case:
    url: str | Callable[[], str]
    add: Callable[[rows.Env, int, int], list[str]]
    user: str | None = "bob"  # direction: every team, every capability but the audit trail
    # Queries a row may add, when a page is meant to grow (explained at its case).
    per_row: int = 0

    def path(self) -> str:
        return self.url if isinstance(self.url, str) else self.url()


def _person_page() -> str:
    return "/personnes/QC9999/"


def _activity_page() -> str:
    from tissage.activities.models import Activity

    return f"/activites/{Activity.objects.get(title='Atelier suivi').pk}/"


def _attendance_page() -> str:
    from tissage.activities.models import Session

    session = Session.objects.filter(activity__title="Atelier suivi").order_by("pk").first()
    return f"/activites/seances/{session.pk}/presences/"


def _drill(indicator: str, code: str = "") -> Callable[[], str]:
    def url() -> str:
        query = f"indicator={indicator}&start=2024-04-01&end=2025-03-31"
        return f"/rapports/detail/?{query}&code={code}" if code else f"/rapports/detail/?{query}"

    return url


def _drill_gender() -> str:
    from tissage.vocabularies.models import Term

    return _drill("people.gender_share", Term.objects.of("gender").order_by("pk")[0].code)()


def _api_attendance() -> str:
    from tissage.activities.models import Session

    session = Session.objects.filter(activity__title="Atelier suivi").order_by("pk").first()
    return f"/api/activities/sessions/{session.pk}/attendance"


def _member_page() -> str:
    from tissage.members.models import Member

    return f"/membres/{Member.objects.get(name='Membre suivi').pk}/"


def _committee_page() -> str:
    from tissage.orglife.models import Committee

    return f"/vie-associative/comites/{Committee.objects.get(name='Comité suivi').pk}/"


def _organization_page() -> str:
    from tissage.directory.models import Organization

    return f"/repertoire/organismes/{Organization.objects.get(name='Organisme suivi').pk}/"


def _counts_only(add: Callable[[rows.Env, int, int], list[str]]) -> Callable[..., list[str]]:
    """For pages that show figures about the rows, not the rows: only the cost is compared."""
    return lambda env, start, stop: add(env, start, stop)[:0]


CASES = {
    # landing pages and summaries
    "activities summary": Case("/activites/bilan/", _counts_only(rows.add_activities)),
    "members home": Case("/membres/", _counts_only(rows.add_members)),
    "members statistics": Case("/membres/statistiques/", _counts_only(rows.add_members)),
    "orglife home": Case("/vie-associative/", _counts_only(rows.add_orglife)),
    "api tokens (preferences)": Case("/compte/preferences/", rows.add_tokens),
    # people
    "persons": Case("/personnes/liste/", rows.add_persons),
    "interventions": Case("/personnes/interventions/", rows.add_persons),
    "referrals": Case("/personnes/references/", rows.add_persons),
    "duplicates": Case("/personnes/doublons/", rows.add_duplicates),
    "person timeline": Case(_person_page, rows.add_timeline),
    # A worker sees the files of their team only: the same lists, through that filter.
    "persons (worker)": Case("/personnes/liste/", rows.add_persons, user="carol"),
    "interventions (worker)": Case("/personnes/interventions/", rows.add_persons, user="carol"),
    "referrals (worker)": Case("/personnes/references/", rows.add_persons, user="carol"),
    "api persons": Case("/api/people/persons", rows.add_persons),
    "api interventions": Case("/api/people/interventions", rows.add_persons),
    "api referrals": Case("/api/people/referrals", rows.add_persons),
    "people home": Case("/personnes/", rows.add_persons),
    "person suggestions": Case("/personnes/autocompletion/?q=Alias", rows.add_persons),
    "organization suggestions": Case(
        "/personnes/autocompletion/organismes/?q=organisme", rows.add_services
    ),
    # contacts: the directory beside the form (its panel shows the first eight)
    "contacts service suggestions": Case(
        "/demandes/services/?q=alimentaire", lambda env, a, b: rows.add_services(env, a, b)[:1]
    ),
    "contacts directory panel": Case(
        "/demandes/repertoire/?q=alimentaire", lambda env, a, b: rows.add_services(env, a, b)[:1]
    ),
    # programs
    # Figures per program, not rows: nothing to look for but the cost.
    "programs dashboard": Case("/programmes/tableau-de-bord/", _counts_only(rows.add_enrolments)),
    "enrolments": Case("/programmes/inscriptions/", rows.add_enrolments),
    "needs evaluations": Case("/programmes/evaluations/", rows.add_enrolments),
    "program configuration": Case("/programmes/configuration/", rows.add_program_config),
    "api enrolments": Case("/api/programs/enrolments", rows.add_enrolments),
    "api programs": Case("/api/programs/programs", rows.add_program_config),
    # activities
    "activities": Case("/activites/liste/", rows.add_activities),
    "activity sessions": Case(_activity_page, rows.add_sessions),
    "attendance": Case(_attendance_page, rows.add_sessions),
    "api activities": Case("/api/activities/", rows.add_activities),
    "api attendance": Case(_api_attendance, rows.add_sessions),
    # members
    "members": Case("/membres/liste/", rows.add_members),
    "member periods": Case(_member_page, rows.add_member_periods),
    "member directory (public)": Case("/membres/bottin/", rows.add_members, user=None),
    "api members": Case("/api/members", rows.add_members),
    "member categories": Case("/membres/categories/", rows.add_categories),
    # organizational life
    **{
        f"orglife {kind}": Case(f"/vie-associative/{kind}/", rows.add_orglife)
        for kind in ("formations", "comites", "representations", "partenariats", "medias")
    },
    # Its rows show a date, a kind and a head count only: nothing to look for in the page.
    "orglife soutien-clinique": Case(
        "/vie-associative/soutien-clinique/", _counts_only(rows.add_orglife)
    ),
    "committee meetings": Case(_committee_page, rows.add_meetings),
    **{
        f"api orglife {kind}": Case(f"/api/orglife/{kind}", rows.add_orglife)
        for kind in ("trainings", "committees", "representations", "partnerships", "media")
    },
    # directory: staff lists, public search, HSDS API
    "directory home": Case("/repertoire/", _counts_only(rows.add_services), user="erin"),
    "directory organizations": Case("/repertoire/organismes/", rows.add_services, user="erin"),
    "directory organization": Case(_organization_page, rows.add_services_of_one, user="erin"),
    "directory categories": Case("/repertoire/categories/", rows.add_taxonomy_terms, user="erin"),
    "api hsds taxonomy terms": Case(
        "/api/hsds/taxonomy_terms?per_page=200", rows.add_taxonomy_terms, user=None
    ),
    "public search": Case("/ressources/?q=alimentaire", rows.add_services, user=None),
    "api hsds services": Case("/api/hsds/services?full=true", rows.add_services, user=None),
    "api hsds organizations": Case(
        "/api/hsds/organizations?full_service=true", rows.add_services, user=None
    ),
    "api hsds service at locations": Case(
        "/api/hsds/service_at_locations?full=true", rows.add_services, user=None
    ),
    # privacy
    "audit trail": Case("/confidentialite/", rows.add_audit_events, user="alice"),
    "incidents": Case("/confidentialite/incidents/", rows.add_incidents, user="alice"),
    "sealed files": Case("/confidentialite/scelles/", rows.add_sealed, user="alice"),
    "extractions": Case("/confidentialite/extractions/", rows.add_extractions, user="alice"),
    # reports
    "reports home (saved reports)": Case("/rapports/", rows.add_reports),
    "report templates": Case("/rapports/modeles/", rows.add_report_templates),
    "drill-down interventions": Case(_drill("people.interventions"), rows.add_persons),
    "drill-down referrals": Case(_drill("people.referrals_out"), rows.add_persons),
    "drill-down persons": Case(_drill_gender, rows.add_persons),
    "manual indicators": Case("/rapports/indicateurs-manuels/", rows.add_manual_indicators),
    # Intentionally not constant: each target is an indicator over a period of its own, and
    # the page computes how far each got (the engine's grouped query and its period: two
    # queries a target). An organization sets a few targets a year.
    "targets": Case("/rapports/cibles/", rows.add_targets, per_row=2),
    # vocabularies
    "vocabulary terms": Case("/parametres/vocabulaires/problem/", rows.add_terms, user="alice"),
    "api vocabulary terms": Case("/api/vocabularies/problem", rows.add_terms),
    "api vocabularies": Case("/api/vocabularies", rows.add_vocabularies),
    "vocabularies": Case("/parametres/vocabulaires/", rows.add_vocabularies, user="alice"),
}


def _client(users: dict, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(users[name])
    return client


def _cost(client: Client, url: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)  # "é", not "\\u00e9"
    return [query["sql"] for query in queries.captured_queries], body


@pytest.mark.parametrize("name", list(CASES))
def test_a_list_costs_the_same_queries_for_n_or_3n_rows(name, users, teams, settings):
    settings.TISSAGE_REQUIRE_ADMIN_OTP = False  # alice opens the audit trail without a device
    case = CASES[name]
    env = rows.Env(users=users, teams=teams)
    client = _client(users, case.user)
    case.add(env, 0, N)
    url = case.path()
    client.get(url)  # the first request of a session creates what later ones reuse
    few, _body = _cost(client, url)
    shown = case.add(env, N, 3 * N)
    many, body = _cost(client, url)
    for text in shown:  # the new rows are listed: the test measures what it claims
        assert text in body, (name, text)
    assert len(many) == len(few) + case.per_row * 2 * N, "\n".join(
        [f"{name}: {len(few)} queries for {N} rows, {len(many)} for {3 * N}", *many]
    )
