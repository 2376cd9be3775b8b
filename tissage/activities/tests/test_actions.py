"""Registrations (with the waiting list) versus attendance, and what the reports count."""

from datetime import date

import pytest

from tissage.activities.actions import (
    do_cancel_registration,
    do_promote,
    do_record_attendance,
    do_register,
)
from tissage.activities.models import Activity, AgeBand, Registration, Session
from tissage.directory.models import Organization
from tissage.people.models import Person
from tissage.reports.compute import compute
from tissage.reports.periods import calendar_year, date_range
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db

YEAR = calendar_year(2024)


def kind(code: str) -> Term:
    return Term.objects.of("activity_kind").get(code=code)


@pytest.fixture
def workshop() -> Activity:
    activity = Activity.objects.create(title="Budget", kind=kind("workshop"), capacity=3)
    for day in (date(2024, 3, 5), date(2024, 3, 12)):
        Session.objects.create(activity=activity, date=day)
    return activity


@pytest.fixture
def persons() -> list[Person]:
    return [Person.objects.create(code=f"T{n}") for n in range(5)]


def test_beyond_the_places_people_wait_and_a_cancellation_lets_the_first_in(workshop, persons):
    made = [do_register(workshop, person=p, eligible=n % 2 == 0) for n, p in enumerate(persons)]
    assert [r.status for r in made] == ["registered"] * 3 + ["waiting"] * 2
    assert made[0].date == date(2024, 3, 5)  # counts on the first session's date
    assert do_register(workshop, person=persons[0]).pk == made[0].pk  # no double registration

    promoted = do_cancel_registration(made[1])
    assert promoted == [made[3]]
    made[4].refresh_from_db()
    assert made[4].status == Registration.Status.WAITING
    assert do_promote(made[4]).status == Registration.Status.REGISTERED


def test_a_group_too_large_waits_and_nobody_jumps_the_queue(workshop, persons):
    do_register(workshop, person=persons[0])
    group = do_register(workshop, places=3)  # 1 + 3 > 3 places
    later = do_register(workshop, person=persons[1])  # would fit, but the group was first
    assert group.status == later.status == Registration.Status.WAITING
    first = Registration.objects.get(person=persons[0])
    assert do_cancel_registration(first) == [group]  # the group now fits: 3 of 3 places
    later.refresh_from_db()
    assert later.status == Registration.Status.WAITING


def test_attendance_counts_named_and_anonymous_people_eligibility_and_children(workshop, persons):
    session = workshop.sessions.first()
    do_record_attendance(
        session,
        present={persons[0]: True, persons[1]: False},
        anonymous_count=4,
        anonymous_eligible=1,
        children={AgeBand.TODDLERS: 2, AgeBand.TEENS: 1},
    )
    session.refresh_from_db()
    assert (session.participants, session.eligible, session.children) == (6, 2, 3)
    # Recording again replaces: persons[1] left the list, the children count went down.
    do_record_attendance(session, present={persons[0]: True}, anonymous_count=0, children={})
    session.refresh_from_db()
    assert (session.participants, session.eligible, session.children) == (1, 1, 0)
    assert list(session.attendances.values_list("person__code", flat=True)) == ["T0"]
    with pytest.raises(ValueError):
        do_record_attendance(session, present={}, anonymous_count=1, anonymous_eligible=2)


def test_registrations_versus_participants_in_the_reports(workshop, persons):
    first, second = workshop.sessions.all()
    for person in persons:
        do_register(workshop, person=person, eligible=True)  # 3 registered, 2 waiting
    do_register(workshop, places=2, session=second)  # a group for the 2nd session only
    do_record_attendance(first, present={persons[0]: True, persons[1]: True}, anonymous_count=1)
    do_record_attendance(
        second, present={persons[0]: True}, anonymous_count=2, anonymous_eligible=2,
        children={AgeBand.CHILDREN: 3},
    )  # fmt: skip
    figures = {
        code: compute(f"activities.{code}", YEAR).total
        for code in (
            "sessions", "participants", "persons", "eligible", "registrations", "waiting_list",
            "children",
        )
    }  # fmt: skip
    assert figures == {
        "sessions": 2,
        "participants": 3 + 3,
        "persons": 2,  # T0 and T1, named present
        "eligible": 2 + 3,  # named ones ticked eligible, plus the anonymous eligible
        "registrations": 3 + 2,
        "waiting_list": 2,
        "children": 3,
    }
    by_band = compute("activities.children_by_age_band", YEAR)
    assert [(row.code, row.value) for row in by_band.rows] == [("6-11", 3)]
    by_activity = compute("activities.registrations_by_activity", YEAR)
    assert [(row.label, row.value) for row in by_activity.rows] == [("Budget", 5)]
    # Outside the period: nothing.
    assert (
        compute("activities.participants", date_range(date(2024, 4, 1), date(2024, 5, 1))).total
        == 0
    )


def test_kind_partner_and_project_breakdowns():
    clsc = Organization.objects.create(name="CLSC de Magog")
    famille = Organization.objects.create(name="Maison de la famille")
    cafe = Activity.objects.create(title="Café", kind=kind("drop-in"), project="PASI")
    cafe.partners.set([clsc, famille])
    fete = Activity.objects.create(title="Fête", kind=kind("public-event"))
    for activity, count in ((cafe, 10), (cafe, 6), (fete, 40)):
        session = Session.objects.create(activity=activity, date=date(2024, 6, 1))
        do_record_attendance(session, present={}, anonymous_count=count)

    def rows(code: str) -> dict[str, int]:
        return {row.label: row.value for row in compute(f"activities.{code}", YEAR).rows}

    assert rows("by_kind") == {"Café-rencontre": 2, "Événement public": 1}
    assert rows("participants_by_kind") == {"Café-rencontre": 16, "Événement public": 40}
    assert rows("by_partner") == {"CLSC de Magog": 2, "Maison de la famille": 2}
    assert rows("participants_by_partner") == {"CLSC de Magog": 16, "Maison de la famille": 16}
    assert rows("participants_by_project") == {"PASI": 16}  # Fête has no project
    assert compute("activities.participants", YEAR).total == 56


def test_the_per_session_block_sets_registrations_beside_participants(workshop, persons):
    from tissage.activities.blocks import sessions_block

    first, second = workshop.sessions.all()
    for person in persons[:2]:
        do_register(workshop, person=person)  # the series: 2 places for each session
    do_register(workshop, places=1, session=second)
    do_record_attendance(first, present={persons[0]: True}, anonymous_count=2)
    do_record_attendance(second, present={}, anonymous_count=4, anonymous_eligible=3)
    block = sessions_block({"kind": "activity_sessions", "key": "group"}, YEAR)
    values = [[cell.value for cell in row] for row in block.table.rows]
    assert values == [
        ["2024-03-05", "Budget", 2, 3, 1],
        ["2024-03-12", "Budget", 3, 4, 3],
        [values[-1][0], "", 5, 7, 4],  # the total row
    ]
    other = sessions_block({"key": "g", "kinds": ["public-event"]}, YEAR)
    assert other.table.rows == []


def test_registrations_count_on_the_first_session_even_when_it_comes_later():
    from tissage.activities.actions import do_add_sessions

    activity = Activity.objects.create(title="Yoga", kind=kind("workshop"))
    registration = do_register(activity, places=4)  # no date yet: today
    do_add_sessions(activity, [date(2024, 9, 10), date(2024, 9, 3)])
    registration.refresh_from_db()
    assert registration.date == date(2024, 9, 3)
    assert compute("activities.registrations", YEAR).total == 4
