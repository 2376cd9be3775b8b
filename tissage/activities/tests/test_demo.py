"""The demonstration organization's activities: every screen has something to show."""

import random
from datetime import date

import pytest

from tissage.activities.demo import build_activities
from tissage.activities.models import Activity, Registration, Session
from tissage.people.models import Person
from tissage.reports.compute import compute
from tissage.reports.periods import date_range

pytestmark = pytest.mark.django_db


def test_the_demo_has_series_registrations_a_waiting_list_and_attendance(users):
    for n in range(12):
        Person.objects.create(code=f"P{n + 1:05d}")
    today = date(2025, 6, 1)
    counts = build_activities(random.Random(7), today)
    assert counts["séances"] == Session.objects.count() > 300
    workshop = Activity.objects.get(capacity=8)
    statuses = set(workshop.registrations.values_list("status", flat=True))
    assert statuses == {Registration.Status.REGISTERED, Registration.Status.WAITING}
    past = workshop.sessions.filter(date__lte=today)
    assert past.exists() and all(s.attendance_taken_at for s in past)
    assert not workshop.sessions.filter(date__gt=today, attendance_taken_at__isnull=False)
    two_years = date_range(date(2023, 6, 1), today)
    assert compute("activities.participants", two_years).total > 1000
    assert compute("activities.by_partner", two_years).rows
