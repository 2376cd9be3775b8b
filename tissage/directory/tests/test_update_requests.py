"""Update requests: the e-mail batch, the private link (its security), the organization's
answer, the team's review and the reminders command."""

import datetime
import hashlib
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tissage.directory import update_requests
from tissage.directory.models import (
    Address,
    ChangeStatus,
    EventKind,
    Location,
    Metadata,
    Organization,
    Phone,
    ProposedChange,
    Service,
    UpdateLink,
    UpdateRequest,
    UpdateRequestStatus,
    Verification,
    VerificationEvent,
)

pytestmark = pytest.mark.django_db
BASE = "https://tissage.example.org"


@pytest.fixture
def org():
    organization = Organization.objects.create(
        name="Centre d'entraide", email="info@entraide.org", website="https://entraide.org"
    )
    Phone.objects.create(organization=organization, number="819 555-0100")
    Service.objects.create(organization=organization, name="Écoute", url="https://ecoute.org")
    place = Location.objects.create(organization=organization, name="Bureau")
    Address.objects.create(location=place, address_1="1 rue Principale", city="Magog")
    hidden = Location.objects.create(
        organization=organization, name="Maison secrète", confidential_address=True
    )
    Address.objects.create(location=hidden, address_1="99 rue Cachée", city="Magog")
    return organization


@pytest.fixture
def other():
    organization = Organization.objects.create(name="Autre organisme", email="x@autre.org")
    Service.objects.create(organization=organization, name="Service secret d'un autre")
    return organization


def token_of(message: mail.EmailMessage) -> str:
    found = re.search(r"/ressources/mise-a-jour/([\w-]+)/", message.body)
    assert found is not None, message.body
    return found.group(1)


def send(org: Organization, users: dict) -> tuple[UpdateRequest, str]:
    batch = update_requests.do_send_requests([org], user=users["erin"], base_url=BASE)
    assert len(batch.sent) == 1
    return batch.sent[0], token_of(mail.outbox[-1])


def test_batch_sends_one_email_per_organization(client_for, org, other, users):
    nobody = Organization.objects.create(name="Sans courriel")
    client = client_for("erin")
    service = org.services.get()
    response = client.post(
        reverse("directory:verification"),
        {
            "records": [
                f"organization:{org.pk}",
                f"service:{service.pk}",  # same organization: still one e-mail
                f"organization:{other.pk}",
                f"organization:{nobody.pk}",
            ],
            "action": "send",
        },
        follow=True,
    )
    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["info@entraide.org", "x@autre.org"]
    message = next(m for m in mail.outbox if m.to == ["info@entraide.org"])
    assert "Écoute" in message.body and "Centre d'entraide" in message.body
    assert message.body.count("/ressources/mise-a-jour/") == 2  # French, then English
    assert "http://testserver/ressources/mise-a-jour/" in message.body
    assert "Sans courriel" in response.content.decode()  # told why it was not sent
    assert UpdateRequest.objects.count() == 2
    assert VerificationEvent.objects.filter(kind=EventKind.REQUEST_SENT).count() == 2
    # A second batch does not send again while a request awaits an answer.
    client.post(reverse("directory:verification"), {"records": [f"organization:{org.pk}"],
                                                     "action": "send"})  # fmt: skip
    assert len(mail.outbox) == 2


def test_the_token_is_not_stored_in_clear(org, users):
    update_request, token = send(org, users)
    link = UpdateLink.objects.get(update_request=update_request)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40
    for row in UpdateRequest.objects.values():
        assert token not in str(row)
    assert not UpdateLink.objects.filter(token_hash=token).exists()


def test_the_link_shows_this_organization_only(org, other, users):
    _request, token = send(org, users)
    body = Client().get(f"/ressources/mise-a-jour/{token}/").content.decode()
    assert "Centre d&#x27;entraide" in body and "Écoute" in body and "819 555-0100" in body
    assert "1 rue Principale" in body
    assert "99 rue Cachée" not in body and "Maison secrète" not in body  # confidential
    assert "Autre organisme" not in body and "Service secret" not in body
    update_request = UpdateRequest.objects.get(organization=org)
    assert update_request.status == UpdateRequestStatus.OPENED


def test_wrong_expired_and_answered_links_show_no_data(org, users, settings):
    update_request, token = send(org, users)
    client = Client(REMOTE_ADDR="198.51.100.9")
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200, "abc"):
        response = client.get(f"/ressources/mise-a-jour/{wrong}/")
        assert response.status_code == 404
        body = response.content.decode()
        assert "Centre d" not in body and "Écoute" not in body
        assert 'lang="fr-CA"' in body and 'lang="en"' in body  # the message in both languages
    update_request.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    update_request.save()
    response = client.get(f"/ressources/mise-a-jour/{token}/")
    assert response.status_code == 410 and "Écoute" not in response.content.decode()
    response = client.post(f"/ressources/mise-a-jour/{token}/", {"unchanged": "1"})
    assert response.status_code == 410 and not Verification.objects.exists()


def test_wrong_tokens_are_rate_limited(org):
    client = Client(REMOTE_ADDR="198.51.100.10")
    codes = [client.get(f"/ressources/mise-a-jour/guess{n}/").status_code for n in range(21)]
    assert codes[:20] == [404] * 20 and codes[20] == 429


def form_data(client: Client, token: str) -> dict[str, str]:
    """The form as the browser would post it, with its current values."""
    from tissage.directory.update_form import UpdateForm

    update_request = update_requests.find(token)
    form = UpdateForm(organization=update_request.organization)
    data = {name: str(field.initial or "") for name, field in form.fields.items()}
    data["comment"] = ""
    return data


def test_submission_creates_proposed_changes_only(org, users):
    update_request, token = send(org, users)
    client = Client()
    data = form_data(client, token)
    data.update({"o-phone": "819 555-0199", "s0-url": "https://ecoute.example.org",
                 "l0-city": "Orford", "s0-hours": "Lundi: 9 h – 12 h"})  # fmt: skip
    response = client.post(f"/ressources/mise-a-jour/{token}/", data)
    assert response.status_code == 200
    changes = {
        (c.resource_type, c.field_name): (c.previous_value, c.proposed_value)
        for c in ProposedChange.objects.filter(update_request=update_request)
    }
    assert changes == {
        ("organization", "phone"): ("819 555-0100", "819 555-0199"),
        ("service", "url"): ("https://ecoute.org", "https://ecoute.example.org"),
        ("location", "city"): ("Magog", "Orford"),
        ("service", "hours"): ("", "Lundi: 9 h – 12 h"),
    }
    # Nothing applied yet.
    assert Phone.objects.get(organization=org).number == "819 555-0100"
    assert Service.objects.get(organization=org).url == "https://ecoute.org"
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.SUBMITTED
    # The link is now closed.
    again = client.get(f"/ressources/mise-a-jour/{token}/")
    assert again.status_code == 410 and "819 555" not in again.content.decode()


def test_invalid_values_are_refused(org, users):
    _request, token = send(org, users)
    client = Client()
    data = form_data(client, token)
    data.update({"o-email": "pas une adresse", "o-name": ""})
    response = client.post(f"/ressources/mise-a-jour/{token}/", data)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not ProposedChange.objects.exists()


def test_everything_correct_is_a_web_form_verification(org, users):
    update_request, token = send(org, users)
    Client().post(f"/ressources/mise-a-jour/{token}/", {"unchanged": "1"})
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.REVIEWED
    assert update_request.confirmed_unchanged
    org.refresh_from_db()
    assert org.verification_method == "web_form"
    assert org.last_verified_on == timezone.localdate()
    assert Service.objects.get(organization=org).verification_method == "web_form"
    assert Verification.objects.filter(update_request=update_request).count() == 2


def test_review_accepts_and_rejects_with_history(client_for, org, users):
    update_request, token = send(org, users)
    client = Client()
    data = form_data(client, token)
    data.update({"o-phone": "819 555-0199", "s0-url": "https://ecoute.example.org",
                 "o-website": "https://mauvais.example.org"})  # fmt: skip
    client.post(f"/ressources/mise-a-jour/{token}/", data)
    changes = {c.field_name: c for c in update_request.changes.all()}
    staff = client_for("erin")
    url = reverse("directory:update_review", args=[update_request.pk])
    page = staff.get(url).content.decode()
    assert "https://ecoute.example.org" in page and "819 555-0199" in page
    # A first decision only: the review is not complete.
    staff.post(url, {f"decision-{changes['website'].pk}": "reject"})
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.SUBMITTED
    assert not Verification.objects.exists()
    staff.post(
        url,
        {f"decision-{changes['phone'].pk}": "accept", f"decision-{changes['url'].pk}": "accept"},
    )
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.REVIEWED
    assert update_request.reviewed_by == users["erin"]
    org.refresh_from_db()
    service = Service.objects.get(organization=org)
    assert org.website == "https://entraide.org"  # rejected
    assert Phone.objects.get(organization=org).number == "819 555-0199"
    assert service.url == "https://ecoute.example.org"
    history = Metadata.objects.filter(field_name__in=["number", "url"], updated_by="erin")
    assert {(m.field_name, m.previous_value, m.replacement_value) for m in history} == {
        ("number", "819 555-0100", "819 555-0199"),
        ("url", "https://ecoute.org", "https://ecoute.example.org"),
    }
    assert org.verification_method == "web_form" and org.verified_by == users["erin"]
    assert org.last_verified_on == timezone.localdate()
    assert service.assured_date == timezone.localdate()
    statuses = sorted(update_request.changes.values_list("status", flat=True))
    assert statuses == [ChangeStatus.ACCEPTED, ChangeStatus.ACCEPTED, ChangeStatus.REJECTED]
    kinds = list(update_request.events.values_list("kind", flat=True))
    for kind in ("request_sent", "opened", "submitted", "accepted", "rejected", "reviewed"):
        assert kind in kinds
    # The log page shows them.
    log = staff.get(reverse("directory:verification_log"), {"organization": org.pk})
    assert log.status_code == 200
    assert log.content.decode().count(f"/repertoire/organismes/{org.pk}/") >= len(kinds)


def test_accept_all_and_notes(client_for, org, users):
    update_request, token = send(org, users)
    client = Client()
    data = form_data(client, token)
    data.update({"s0-hours": "Fermé le vendredi", "l0-address_1": "2 rue Principale"})
    data["comment"] = "Merci!"
    client.post(f"/ressources/mise-a-jour/{token}/", data)
    staff = client_for("erin")
    staff.post(reverse("directory:update_review", args=[update_request.pk]), {"all": "accept"})
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.REVIEWED
    assert update_request.comment == "Merci!"
    assert Address.objects.filter(address_1="2 rue Principale", city="Magog").exists()
    assert not Metadata.objects.filter(field_name="hours").exists()  # a note: applied by hand


def test_a_comment_alone_waits_for_review(client_for, org, users):
    update_request, token = send(org, users)
    client = Client()
    data = form_data(client, token)
    data["comment"] = "Nous déménageons en mai."
    client.post(f"/ressources/mise-a-jour/{token}/", data)
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.SUBMITTED
    staff = client_for("erin")
    staff.post(reverse("directory:update_review", args=[update_request.pk]), {})
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.REVIEWED


def test_reminders_command(org, other, users, settings):
    settings.DIRECTORY_PUBLIC_URL = BASE
    first, _token = send(org, users)
    second, _token = send(other, users)
    old = timezone.now() - datetime.timedelta(days=15)
    UpdateRequest.objects.filter(pk=first.pk).update(sent_at=old)
    UpdateRequest.objects.filter(pk=second.pk).update(
        sent_at=old - datetime.timedelta(days=60), expires_at=timezone.now()
    )
    mail.outbox.clear()
    out = StringIO()
    call_command("directory_reminders", "--dry-run", stdout=out)
    assert "1 requests would expire, 1 reminders would be sent" in out.getvalue()
    assert mail.outbox == []
    out = StringIO()
    call_command("directory_reminders", stdout=out)
    assert "1 requests expired, 1 reminders sent, 0 failed" in out.getvalue()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["info@entraide.org"]
    assert mail.outbox[0].body.count(BASE + "/ressources/mise-a-jour/") == 2
    new_token = token_of(mail.outbox[0])
    assert Client().get(f"/ressources/mise-a-jour/{new_token}/").status_code == 200
    assert Client().get(f"/ressources/mise-a-jour/{_token}/").status_code == 410  # expired
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.reminders_sent == 1 and second.status == UpdateRequestStatus.EXPIRED
    # Not again the same day; at most DIRECTORY_MAX_REMINDERS.
    call_command("directory_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    settings.DIRECTORY_MAX_REMINDERS = 1
    UpdateRequest.objects.filter(pk=first.pk).update(last_reminder_at=old)
    call_command("directory_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1
    emails = VerificationEvent.objects.filter(kind__in=["request_sent", "reminder_sent"])
    assert emails.count() == 3


def test_reminders_need_the_site_address(settings):
    settings.DIRECTORY_PUBLIC_URL = ""
    with pytest.raises(CommandError):
        call_command("directory_reminders", stdout=StringIO())


def test_review_pages_are_for_directory_editors(client_for, org, users):
    update_request, _token = send(org, users)
    url = reverse("directory:update_review", args=[update_request.pk])
    assert client_for("erin").get(url).status_code == 200
    assert client_for("frank").get(url).status_code == 403
    assert client_for("erin").get(reverse("directory:update_requests")).status_code == 200


def test_a_link_answers_once(org, users):
    update_request, token = send(org, users)
    data = form_data(Client(), token)
    data["o-phone"] = "819 555-0123"
    update_requests.do_submit(
        update_request, [], "first answer"
    )  # answered (a comment alone), then a late second answer from a stale object:
    update_requests.do_confirm(update_request)
    update_request.refresh_from_db()
    assert update_request.status == UpdateRequestStatus.SUBMITTED
    assert update_request.comment == "first answer"
    assert not Verification.objects.exists()


def test_too_long_values_are_refused(org, users):
    _request, token = send(org, users)
    client = Client()
    data = form_data(client, token)
    data["s0-url"] = "https://example.org/" + "a" * 200
    data["o-description"] = "x" * 5001
    response = client.post(f"/ressources/mise-a-jour/{token}/", data)
    assert response.status_code == 200 and not ProposedChange.objects.exists()
