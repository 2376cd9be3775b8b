"""The members screens: list and filters, joining, a member's page, renewing, payments,
categories, statistics, and the public member directory."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tissage.members.models import Category, Member, Membership, Payment
from tissage.privacy.models import AuditEvent

from .factories import categories, member, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> date:
    return timezone.localdate()


@pytest.fixture
def roster(db, today) -> dict[str, Member]:
    found = {
        "active": member("Amélie Active"),
        "expiring": member("Benoît Bientôt", email="benoit@example.org"),
        "expired": member("Chantal Échue", email="chantal@example.org"),
        "org": member("Coop Santé", email="coop@example.org", kind="organization"),
    }
    period(found["active"], today - timedelta(days=10))
    period(found["expiring"], today - timedelta(days=350))  # ends in about two weeks
    period(found["expired"], today - timedelta(days=500))
    period(found["org"], today - timedelta(days=20), "organization")
    return found


def names(response) -> list[str]:
    return sorted(member.name for member in response.context["page"].object_list)


def test_the_list_filters_by_status_category_kind_and_name(client_for, roster):
    client = client_for("carol")
    assert names(client.get("/membres/liste/")) == sorted(m.name for m in roster.values())
    assert names(client.get("/membres/liste/?status=expiring")) == ["Benoît Bientôt"]
    assert names(client.get("/membres/liste/?status=expired")) == ["Chantal Échue"]
    assert names(client.get("/membres/liste/?status=active")) == [
        "Amélie Active",
        "Benoît Bientôt",
        "Coop Santé",
    ]
    organization = Category.objects.get(code="organization")
    assert names(client.get(f"/membres/liste/?category={organization.pk}")) == ["Coop Santé"]
    assert names(client.get("/membres/liste/?kind=organization")) == ["Coop Santé"]
    assert names(client.get("/membres/liste/?q=benoit")) == ["Benoît Bientôt"]  # no accent
    statuses = {m.name: m.status for m in client.get("/membres/liste/").context["page"]}
    assert statuses["Chantal Échue"] == "expired" and statuses["Benoît Bientôt"] == "expiring"


def test_the_home_of_the_section_counts_members_today(client_for, roster):
    response = client_for("bob").get("/membres/")
    assert response.context["total"] == 3
    assert response.context["expiring"] == 1


def test_a_new_member_joins_with_a_payment_and_an_audit_trace(client_for, today):
    regular = categories()["regular"]
    response = client_for("carol").post(
        "/membres/nouveau/",
        {
            "kind": "individual",
            "name": "Hugo Caron",
            "email": "hugo@example.org",
            "language": "fr",
            "category": regular.pk,
            "start": today.isoformat(),
            "paid": "on",
            "method": "cash",
            "receipt_number": "R-12",
            "listed": "on",
            "services": "Psychothérapie",
        },
    )
    hugo = Member.objects.get(name="Hugo Caron")
    assert response.status_code == 302 and response["Location"] == f"/membres/{hugo.pk}/"
    membership = hugo.memberships.get()
    assert membership.start == today and membership.fee == Decimal("25.00")
    payment = membership.payments.get()
    assert (payment.amount, payment.method, payment.receipt_number) == (
        Decimal("25.00"),
        "cash",
        "R-12",
    )
    assert hugo.listed and hugo.listed_since == today
    assert AuditEvent.objects.filter(action="create", object_id=str(hugo.pk)).exists()


def test_a_payment_must_say_how(client_for, today):
    response = client_for("carol").post(
        "/membres/nouveau/",
        {
            "kind": "individual",
            "name": "Sans Méthode",
            "language": "fr",
            "category": categories()["regular"].pk,
            "start": today.isoformat(),
            "paid": "on",
        },
    )
    assert response.status_code == 200
    assert "method" in response.context["membership"].errors
    assert not Member.objects.filter(name="Sans Méthode").exists()


def test_reading_a_member_is_audited_without_their_name(client_for, roster):
    amelie = roster["active"]
    response = client_for("carol").get(f"/membres/{amelie.pk}/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="read", object_type="members.member")
    assert event.object_id == str(amelie.pk) and event.fields == []


def test_renewing_continues_the_period_and_records_the_payment(client_for, roster, today):
    benoit = roster["expiring"]
    current = benoit.memberships.get()
    client = client_for("carol")
    form = client.get(f"/membres/{benoit.pk}/renouveler/").context["form"]
    assert form.initial["start"] == current.end + timedelta(days=1)
    response = client.post(
        f"/membres/{benoit.pk}/renouveler/",
        {
            "category": current.category_id,
            "start": (current.end + timedelta(days=1)).isoformat(),
            "paid": "on",
            "method": "transfer",
            "receipt_number": "V-9",
        },
    )
    assert response.status_code == 302
    renewed = benoit.memberships.order_by("-start").first()
    assert renewed.start == current.end + timedelta(days=1) and renewed.renewal
    assert renewed.payments.get().amount == Decimal("25.00")  # the fee, left empty
    assert AuditEvent.objects.filter(action="create", object_type="members.membership").exists()


def test_an_overlapping_renewal_is_refused_on_the_form(client_for, roster):
    benoit = roster["expiring"]
    current = benoit.memberships.get()
    response = client_for("carol").post(
        f"/membres/{benoit.pk}/renouveler/",
        {"category": current.category_id, "start": current.start.isoformat()},
    )
    assert response.status_code == 200 and "start" in response.context["form"].errors
    assert benoit.memberships.count() == 1


def test_a_payment_is_added_to_a_period(client_for, roster, today):
    expired = roster["expired"]
    membership = expired.memberships.get()
    Payment.objects.all().delete()
    response = client_for("bob").post(
        f"/membres/adhesions/{membership.pk}/paiement/",
        {"amount": "25", "paid_on": today.isoformat(), "method": "cheque"},
    )
    assert response.status_code == 302
    assert membership.balance() == 0


def test_leaving_the_directory_keeps_when_the_entry_existed(client_for, roster, today):
    amelie = roster["active"]
    amelie.listed_since, amelie.services = today - timedelta(days=100), "Yoga"
    amelie.save()
    response = client_for("carol").post(
        f"/membres/{amelie.pk}/modifier/",
        {
            "kind": "individual",
            "name": amelie.name,
            "email": amelie.email,
            "language": "fr",
            "services": "Yoga",
        },
    )
    assert response.status_code == 302
    amelie.refresh_from_db()
    assert not amelie.listed and amelie.listed_until == today
    assert amelie.listed_since == today - timedelta(days=100)
    event = AuditEvent.objects.get(action="change", object_id=str(amelie.pk))
    assert event.fields == ["listed_until"]


def test_the_public_directory_shows_only_members_who_opted_in(client, roster, today):
    listed = roster["active"]
    listed.listed_since, listed.services = today, "Psychothérapie humaniste"
    listed.public_email = "public@example.org"
    listed.save()
    withdrawn = roster["org"]
    withdrawn.listed_since, withdrawn.listed_until = today - timedelta(days=9), today
    withdrawn.services = "Coopérative"
    withdrawn.save()
    expired = roster["expired"]  # opted in, but no longer a member
    expired.listed_since, expired.services = today - timedelta(days=400), "Massothérapie"
    expired.save()
    response = client.get("/membres/bottin/")  # anonymous
    assert response.status_code == 200
    assert [entry.pk for entry in response.context["page"].object_list] == [listed.pk]
    body = response.content.decode()
    assert "Psychothérapie humaniste" in body and "public@example.org" in body
    assert "julie@example.org" not in body  # the office's address is never shown
    assert "Massothérapie" not in body and "Coopérative" not in body
    assert client.get("/membres/bottin/?q=psychotherapie").context["page"].paginator.count == 1
    assert client.get("/membres/bottin/?q=yoga").context["page"].paginator.count == 0


def test_statistics_are_aggregates_the_statistics_role_may_see(client_for, roster, today):
    response = client_for("frank").get(f"/membres/statistiques/?day={today.isoformat()}")
    assert response.status_code == 200
    assert response.context["total"] == 3
    assert "Amélie" not in response.content.decode()
    assert client_for("frank").get("/membres/liste/").status_code == 403


def test_categories_are_edited_and_a_new_fee_leaves_past_periods_alone(client_for, roster):
    regular = Category.objects.get(code="regular")
    response = client_for("bob").post(
        f"/membres/categories/{regular.pk}/",
        {
            "code": "regular",
            "name": "Membre régulier",
            "name_en": "Regular member",
            "kind": "individual",
            "fee": "30.00",
            "duration_months": "12",
            "order": "10",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Category.objects.get(code="regular").fee == Decimal("30.00")
    assert set(Membership.objects.filter(category=regular).values_list("fee", flat=True)) == {
        Decimal("25.00")
    }


def test_every_page_answers_with_data(client_for, roster):
    client = client_for("alice")
    julie = roster["active"]
    membership = julie.memberships.get()
    regular = Category.objects.get(code="regular")
    for url in [
        "/membres/",
        "/membres/liste/",
        "/membres/nouveau/",
        f"/membres/{julie.pk}/",
        f"/membres/{julie.pk}/modifier/",
        f"/membres/{julie.pk}/renouveler/",
        f"/membres/adhesions/{membership.pk}/paiement/",
        "/membres/categories/",
        "/membres/categories/nouvelle/",
        f"/membres/categories/{regular.pk}/",
        "/membres/statistiques/",
        "/membres/statistiques/?day=not-a-day",
        "/membres/bottin/?page=9",
    ]:
        assert client.get(url).status_code == 200, url
