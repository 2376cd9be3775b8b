"""In headless Chromium: a worker takes the attendance of a session."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from tissage.activities.actions import do_register
from tissage.activities.models import Activity, Session
from tissage.conftest import sign_in
from tissage.people.models import Person
from tissage.vocabularies.models import Term

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def session(users) -> Session:
    workshop = Activity.objects.create(
        title="Atelier budget", kind=Term.objects.of("activity_kind").get(code="workshop")
    )
    session = Session.objects.create(activity=workshop, date=date(2024, 3, 5))
    for code, eligible in (("P00001", True), ("P00002", False), ("P00003", True)):
        do_register(workshop, person=Person.objects.create(code=code), eligible=eligible)
    return session


def test_a_worker_records_the_attendance_of_a_session(page, live_server, users, session):
    sign_in(page, live_server, "carol")
    page.goto(f"{live_server.url}/activites/{session.activity_id}/")
    page.locator(f'a[href="/activites/seances/{session.pk}/presences/"]').click()
    page.wait_for_url(f"**/seances/{session.pk}/presences/")
    assert serious_violations(page) == []

    persons = {p.code: p.pk for p in Person.objects.all()}
    total = page.locator("#attendance-total")
    assert total.inner_text() == "0"
    page.locator("[data-all-present]").click()  # everyone registered came…
    assert total.inner_text() == "3"
    page.locator(f"#id_present_{persons['P00002']}").uncheck()  # …but one
    page.locator("#id_anonymous_count").fill("4")
    page.locator("#id_anonymous_eligible").fill("1")
    page.locator("#id_children_0-5").fill("2")
    assert total.inner_text() == "6"  # counted as they are typed
    page.locator("#save-attendance").click()
    page.wait_for_url(f"**/activites/{session.activity_id}/")

    session.refresh_from_db()
    assert (session.participants, session.eligible, session.children) == (6, 3, 2)
    present = set(session.attendances.values_list("person__code", flat=True))
    assert present == {"P00001", "P00003"}
    row = page.locator("#session-table tbody tr").first
    assert row.locator("td.num").all_inner_texts() == ["3", "6", "3", "2"]
