"""Verification kept apart from editing: cycles, the queue, marking records verified, the
feedback of the public, and the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tissage.directory import verification
from tissage.directory.models import (
    Address,
    EventKind,
    Feedback,
    FeedbackStatus,
    Location,
    Metadata,
    Organization,
    Service,
    ServiceStatus,
    Verification,
    VerificationEvent,
    VerificationMethod,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    organization = Organization.objects.create(name="Centre d'entraide", email="info@entraide.org")
    Service.objects.create(organization=organization, name="Écoute")
    Service.objects.create(organization=organization, name="Dépannage")
    return organization


def test_add_months_keeps_the_day_or_takes_the_last():
    assert verification.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert verification.add_months(datetime.date(2026, 5, 3), 12) == datetime.date(2027, 5, 3)


def test_mark_verified_sets_state_log_and_hsds_fields(org, users):
    service = org.services.get(name="Écoute")
    day = datetime.date(2026, 3, 15)
    verification.do_mark_verified(
        [org, service], user=users["erin"], method=VerificationMethod.PHONE, day=day
    )
    org.refresh_from_db()
    service.refresh_from_db()
    assert org.last_verified_on == day and org.verified_by == users["erin"]
    assert org.verification_method == "phone"
    assert org.verification_due_on == datetime.date(2027, 3, 15)  # default cycle: 12 months
    assert service.assured_date == day and service.assurer_email == "erin@example.org"
    assert Verification.objects.filter(organization=org).count() == 2
    assert Verification.objects.get(service=service).method == "phone"
    assert VerificationEvent.objects.filter(organization=org, kind=EventKind.VERIFIED).count() == 2
    # Kept apart from editing: no field-level history row.
    assert not Metadata.objects.filter(resource_id__in=[org.pk, service.pk]).exists()


def test_cycle_from_the_record_then_the_setting(org, users, settings):
    settings.DIRECTORY_VERIFICATION_CYCLE_MONTHS = 6
    day = datetime.date(2026, 1, 10)
    verification.do_mark_verified([org], user=users["erin"], method="email", day=day)
    org.refresh_from_db()
    assert org.verification_due_on == datetime.date(2026, 7, 10)
    verification.do_set_cycle(org, 24)
    org.refresh_from_db()
    assert org.verification_due_on == datetime.date(2028, 1, 10)


def test_unknown_method_is_refused(org, users):
    with pytest.raises(ValueError):
        verification.do_mark_verified([org], user=users["erin"], method="telepathy")


def test_queue_by_state(org, users):
    today = timezone.localdate()
    fresh = Organization.objects.create(name="Frais")
    soon = Organization.objects.create(name="Bientôt")
    late = Organization.objects.create(name="En retard")
    verification.do_mark_verified([fresh], user=users["erin"], method="phone", day=today)
    verification.do_mark_verified(
        [soon], user=users["erin"], method="phone",
        day=verification.add_months(today, -12) + datetime.timedelta(days=10),
    )  # fmt: skip
    verification.do_mark_verified(
        [late], user=users["erin"], method="phone", day=today - datetime.timedelta(days=400)
    )

    def names(state: str) -> set[str]:
        found = verification.queue(verification.QueueFilters(state=state, kind="organization"))
        return {o.name for o in found["organizations"]}

    assert names("never") == {"Centre d'entraide"}
    assert names("overdue") == {"En retard"}
    assert names("due_soon") == {"Bientôt"}
    assert names("due") == {"Centre d'entraide", "En retard", "Bientôt"}
    services = verification.queue(verification.QueueFilters(kind="service"))["services"]
    assert {s.name for s in services} == {"Écoute", "Dépannage"}
    assert verification.state_of(Organization.objects.get(name="Frais")) == "ok"


def test_queue_leaves_defunct_services_and_filters_by_mrc(org):
    org.services.filter(name="Dépannage").update(status=ServiceStatus.DEFUNCT)
    other = Organization.objects.create(name="Loin")
    Service.objects.create(organization=other, name="Ailleurs")
    place = Location.objects.create(organization=org, name="Bureau")
    Address.objects.create(location=place, address_1="1 rue Principale", city="Magog")
    found = verification.queue(verification.QueueFilters(mrc="memphremagog"))
    assert [o.name for o in found["organizations"]] == ["Centre d'entraide"]
    assert [s.name for s in found["services"]] == ["Écoute"]
    found = verification.queue(verification.QueueFilters(region="05"))  # Estrie
    assert [o.name for o in found["organizations"]] == ["Centre d'entraide"]
    found = verification.queue(verification.QueueFilters(organization="loin"))
    assert [o.name for o in found["organizations"]] == ["Loin"]


def test_queue_page_marks_selected_records_verified(client_for, org, users):
    client = client_for("erin")
    url = reverse("directory:verification")
    page = client.get(url)
    assert page.status_code == 200 and "Centre d&#x27;entraide" in page.content.decode()
    service = org.services.get(name="Écoute")
    response = client.post(
        url,
        {
            "records": [f"organization:{org.pk}", f"service:{service.pk}", "service:nonsense"],
            "action": "verify",
            "method": "in_person",
            "note": "Visite",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.verification_method == "in_person"
    assert org.last_verified_on == timezone.localdate()
    assert Verification.objects.filter(note="Visite").count() == 2
    # Without a method, nothing is marked.
    client.post(url, {"records": [f"organization:{org.pk}"], "action": "verify"})
    assert Verification.objects.count() == 2


def test_statistics_user_may_not_use_the_queue(client_for, org):
    assert client_for("frank").get(reverse("directory:verification")).status_code == 403


def test_feedback_is_processed_or_rejected(client_for, org, users):
    service = org.services.first()
    first = Feedback.objects.create(service=service, kinds=["phone"])
    second = Feedback.objects.create(service=service, kinds=["hours"])
    client = client_for("erin")
    url = reverse("directory:feedback")
    assert "phone" in client.get(url).content.decode()
    client.post(url, {"feedback": first.pk, "status": "processed"})
    client.post(url, {"feedback": second.pk, "status": "rejected"})
    client.post(url, {"feedback": "x", "status": "rejected"})  # not a report: 404, no change
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == FeedbackStatus.PROCESSED and first.processed_by == users["erin"]
    assert second.status == FeedbackStatus.REJECTED and second.processed_at is not None


def test_dashboard_counts(client_for, org, users):
    Feedback.objects.create(service=org.services.first(), kinds=["phone"])
    counts = verification.dashboard()
    assert counts["never"] == 3  # the organization and its two services
    assert counts["overdue"] == 0 and counts["feedback_new"] == 1
    body = client_for("erin").get(reverse("directory:index")).content.decode()
    assert reverse("directory:verification") in body


def test_record_page_marks_verified_and_sets_the_cycle(client_for, org, users):
    client = client_for("erin")
    service = org.services.get(name="Écoute")
    url = reverse("directory:service_verify", args=[service.pk])
    response = client.post(url, {"method": "email", "note": "Courriel reçu", "cycle": "6"})
    assert response.status_code == 302 and response["Location"].endswith(f"{service.pk}/")
    service.refresh_from_db()
    today = timezone.localdate()
    assert service.verification_cycle_months == 6
    assert service.verification_due_on == verification.add_months(today, 6)
    assert service.assured_date == today and service.verification_method == "email"
    # The cycle alone, without a method: no verification.
    client.post(
        reverse("directory:organization_verify", args=[org.pk]), {"method": "", "cycle": "24"}
    )
    org.refresh_from_db()
    assert org.verification_cycle_months == 24 and org.last_verified_on is None
    assert Verification.objects.count() == 1
    page = client.get(reverse("directory:organization", args=[org.pk])).content.decode()
    assert reverse("directory:organization_verify", args=[org.pk]) in page
    assert client_for("frank").post(url, {"method": "phone"}).status_code == 403


def test_assured_dates_start_the_cycle(org):
    day = datetime.date(2026, 2, 1)
    Service.objects.filter(name="Écoute").update(assured_date=day)
    assert verification.adopt_assured_dates() == 1
    service = Service.objects.get(name="Écoute")
    assert service.last_verified_on == day
    assert service.verification_due_on == datetime.date(2027, 2, 1)
    assert verification.adopt_assured_dates() == 0  # already adopted


def test_a_checked_date_typed_in_the_service_form_starts_the_cycle(client_for, org):
    data = {
        "name": "Comptoir",
        "status": "active",
        "public": "on",
        "assured_date": "2026-04-01",
    }
    for prefix in ("phones", "areas", "hours"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    response = client_for("erin").post(reverse("directory:service_new", args=[org.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Comptoir")
    assert service.last_verified_on == datetime.date(2026, 4, 1)
    assert service.verification_due_on == datetime.date(2027, 4, 1)
    assert not Verification.objects.exists()  # a date typed, not a verification made here
