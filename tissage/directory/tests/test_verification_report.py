"""The directory's upkeep in the 211 report: each indicator checked against a count of the
raw records made here in plain Python, sharing no code with the report engine."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation

from tissage.directory import update_requests, verification
from tissage.directory.changes import record_changes
from tissage.directory.models import (
    Feedback,
    FeedbackStatus,
    Metadata,
    Organization,
    Phone,
    ProposedChange,
    Service,
    Verification,
    VerificationEvent,
)
from tissage.directory.tests.test_update_requests import form_data, token_of
from tissage.reports.builder import build_report
from tissage.reports.compute import compute
from tissage.reports.periods import Period
from tissage.reports.registry import indicator

pytestmark = pytest.mark.django_db


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


@pytest.fixture
def period() -> Period:
    today = timezone.localdate()
    return Period(today - datetime.timedelta(days=30), today, "30 days")


@pytest.fixture
def activity(users, client_for):
    """A month of upkeep, and older records that fall outside the period."""
    long_ago = timezone.now() - datetime.timedelta(days=90)
    organizations = []
    for number in range(3):
        org = Organization.objects.create(name=f"Organisme {number}", email=f"o{number}@ex.org")
        record_changes(org, None, updated_by="erin")  # created by staff: history rows
        service = Service.objects.create(organization=org, name=f"Service {number}")
        record_changes(service, None, updated_by="erin")
        Phone.objects.create(organization=org, number=f"819 555-010{number}")
        organizations.append(org)
    # The first organization was created long ago.
    Metadata.objects.filter(resource_id__in=[organizations[0].pk]).update(last_action_date=long_ago)
    batch = update_requests.do_send_requests(
        organizations, user=users["erin"], base_url="https://ex.org"
    )
    assert len(batch.sent) == 3
    tokens = {message.to[0]: token_of(message) for message in mail.outbox}
    client = Client()
    # Organization 0 corrects its phone and website; organization 1 confirms; 2 is silent.
    data = form_data(client, tokens["o0@ex.org"])
    data.update({"o-phone": "819 555-0999", "o-website": "https://o0.example.org"})
    client.post(f"/ressources/mise-a-jour/{tokens['o0@ex.org']}/", data)
    client.post(f"/ressources/mise-a-jour/{tokens['o1@ex.org']}/", {"unchanged": "1"})
    first = batch.sent[0]
    update_requests.do_review(
        _request_of(users["erin"]),
        first,
        {c.pk: "accept" if c.field_name == "phone" else "reject" for c in first.changes.all()},
    )
    verification.do_mark_verified(
        [organizations[2]], user=users["erin"], method="phone",
        day=timezone.localdate() - datetime.timedelta(days=120),
    )  # fmt: skip
    for number, status in enumerate(["new", "processed", "processed", "rejected", "processed"]):
        item = Feedback.objects.create(
            service=organizations[number % 3].services.get(), kinds=["phone"], status=status
        )
        if number == 4:
            Feedback.objects.filter(pk=item.pk).update(created_at=long_ago)
    return organizations


def _request_of(user):
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = user
    return request


def test_indicators_match_the_raw_records(activity, period):
    def inside(day: datetime.date) -> bool:
        return period.start <= day <= period.end

    feedback = [f for f in Feedback.objects.all() if inside(local_day(f.created_at))]
    expected = {
        "directory.feedback_processed": sum(
            1 for f in feedback if f.status == FeedbackStatus.PROCESSED
        ),
        "directory.corrections": sum(
            1
            for m in Metadata.objects.all()
            if m.last_action_type == "update" and inside(local_day(m.last_action_date))
        ),
        "directory.new_records": len(
            {
                m.resource_id
                for m in Metadata.objects.all()
                if m.last_action_type == "create"
                and m.resource_type in ("organization", "service")
                and inside(local_day(m.last_action_date))
            }
        ),
        "directory.emails_sent": sum(
            1
            for e in VerificationEvent.objects.all()
            if e.kind in ("request_sent", "reminder_sent") and inside(local_day(e.at))
        ),
        "directory.verified": sum(1 for v in Verification.objects.all() if inside(v.verified_on)),
        "directory.proposed_accepted": sum(
            1
            for c in ProposedChange.objects.all()
            if c.status == "accepted" and c.decided_at and inside(local_day(c.decided_at))
        ),
    }
    # What the scenario makes, said plainly, so that the expectations are not all zero.
    assert expected == {
        "directory.feedback_processed": 2,
        "directory.corrections": 1,  # the phone number accepted
        "directory.new_records": 5,  # 3 services, 2 organizations (the first is older)
        "directory.emails_sent": 3,
        "directory.verified": 4,  # organizations 0 and 1 and their services
        "directory.proposed_accepted": 1,
    }
    for code, value in expected.items():
        assert compute(indicator(code), period).total == value, code
    by_status = {
        row.code: row.value for row in compute(indicator("directory.feedback"), period).rows
    }
    assert by_status == {"new": 1, "processed": 2, "rejected": 1}
    by_method = {
        row.code: row.value for row in compute(indicator("directory.verified"), period).rows
    }
    assert by_method == {"web_form": 4}

    document = build_report("i_and_r", period, language="en")
    block = next(b for b in document.blocks if b.key == "directory_maintenance")
    assert block.title == "Directory maintenance"
    shown = {figure.label: figure.cell.value for figure in block.figures}
    with translation.override("en"):  # the labels in the document's language
        for code, value in expected.items():
            assert shown[str(indicator(code).label)] == value
    assert any(b.key == "directory_feedback" for b in document.blocks)
