"""`tissage membership_reminders`: once per membership, to those ending within N days."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from tissage.members.actions import do_renew
from tissage.members.models import Member

from .factories import member, period

pytestmark = pytest.mark.django_db

TODAY = "2024-03-15"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("membership_reminders", "--today", TODAY, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def members(db) -> dict[str, Member]:
    found = {
        "soon": member("Amélie Soon", email="soon@example.org"),  # ends 2024-03-31
        "later": member("Benoît Later", email="later@example.org"),  # ends 2024-09-30
        "renewed": member("Chantal Renewed", email="renewed@example.org"),
        "no_email": member("David Sans Courriel", email=""),
        "expired": member("Élise Expired", email="expired@example.org"),
        "english": member("Frank English", email="frank@example.org", language="en"),
        "edge": member("Gina Edge", email="edge@example.org"),  # ends in exactly 30 days
    }
    period(found["soon"], date(2023, 4, 1))
    period(found["later"], date(2023, 10, 1))
    period(found["renewed"], date(2023, 4, 1))
    do_renew(found["renewed"], today=date(2024, 3, 1))
    period(found["no_email"], date(2023, 4, 1))
    period(found["expired"], date(2023, 1, 1))  # ended 2023-12-31
    period(found["english"], date(2023, 4, 10))
    period(found["edge"], date(2023, 4, 15))  # ends 2024-04-14 = TODAY + 30 days
    return found


def test_reminders_go_to_those_ending_within_the_days_once(members):
    assert "3" in run("--days", "30")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "edge@example.org",
        "frank@example.org",
        "soon@example.org",
    ]
    first = next(m for m in mail.outbox if m.to == ["soon@example.org"])
    assert "2024" in first.body and "25" in first.body and "Amélie Soon" in first.body
    # A second run the next day sends nothing again.
    run("--days", "30")
    assert len(mail.outbox) == 3
    assert members["soon"].memberships.get().reminder_sent_at is not None


def test_each_member_is_written_to_in_their_language(members):
    run("--days", "30")
    english = next(m for m in mail.outbox if m.to == ["frank@example.org"])
    assert english.body.startswith("Hello Frank English")
    assert "April" in english.body  # the end date, written in English
    french = next(m for m in mail.outbox if m.to == ["soon@example.org"])
    assert "mars" in french.body  # 31 mars 2024


def test_fewer_days_reach_fewer_members(members):
    run("--days", "20")
    assert [m.to[0] for m in mail.outbox] == ["soon@example.org"]


def test_a_dry_run_sends_nothing_and_marks_nothing(members):
    output = run("--days", "30", "--dry-run")
    assert mail.outbox == []
    assert f"{members['soon']} 2024-03-31" in output
    assert "Amélie" not in output  # member numbers only in a terminal
    assert members["soon"].memberships.get().reminder_sent_at is None
