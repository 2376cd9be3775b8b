"""The update-request flow end to end in Chromium: the team selects a record in the queue and
sends the request; the organization opens its private link on a phone, corrects its phone
number and a service's website; the team accepts; the record is verified by web form today."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from tissage.conftest import sign_in
from tissage.directory.models import (
    Metadata,
    Organization,
    Phone,
    Service,
    UpdateRequest,
    UpdateRequestStatus,
)
from tissage.directory.tests.test_browser import fits, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_update_request_end_to_end(page, phone, live_server, users):
    org = Organization.objects.create(name="Maison de la famille", email="info@famille.org")
    Phone.objects.create(organization=org, number="819 555-0100")
    service = Service.objects.create(
        organization=org, name="Halte-garderie", url="https://famille.org/halte"
    )
    Organization.objects.create(name="Autre organisme", email="autre@ex.org")

    sign_in(page, live_server, "erin")
    page.goto(f"{live_server.url}/repertoire/verification/?kind=organization")
    assert serious_violations(page) == []
    page.locator(f"input[name=records][value='organization:{org.pk}']").check()
    page.locator("button[name=action][value=send]").click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["info@famille.org"]
    link = re.search(r"http://\S+/ressources/mise-a-jour/[\w-]+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)

    phone.goto(link)
    assert phone.get_by_role("heading", level=1).inner_text().endswith("Maison de la famille")
    assert "Autre organisme" not in phone.locator("body").inner_text()
    assert fits(phone) and serious_violations(phone) == []
    phone.locator("#id_o-phone").fill("819 555-0199")
    phone.locator("#id_s0-url").fill("https://famille.org/garderie")
    phone.locator("button[name=send]").click()
    phone.wait_for_selector("[role=status]")
    update_request = UpdateRequest.objects.get(organization=org)
    assert update_request.status == UpdateRequestStatus.SUBMITTED
    assert Phone.objects.get(organization=org).number == "819 555-0100"  # not yet

    page.goto(f"{live_server.url}/repertoire/")
    page.locator("a[href='/repertoire/verification/demandes/?status=submitted']").click()
    page.locator(f"a[href='/repertoire/verification/demandes/{update_request.pk}/']").click()
    assert serious_violations(page) == []
    rows = page.locator("table.review tbody tr")
    assert rows.count() == 2
    assert "https://famille.org/garderie" in page.locator("table.review").inner_text()
    page.locator("button[name=all][value=accept]").click()
    page.wait_for_load_state()
    assert page.locator("table.review input[type=radio]").count() == 0  # nothing left to decide
    assert page.locator("#request-status").inner_text() != ""

    org.refresh_from_db()
    service.refresh_from_db()
    today = timezone.localdate()
    assert Phone.objects.get(organization=org).number == "819 555-0199"
    assert service.url == "https://famille.org/garderie"
    assert org.verification_method == "web_form" and org.last_verified_on == today
    assert org.verified_by == users["erin"]
    assert service.verification_method == "web_form" and service.assured_date == today
    assert Metadata.objects.filter(
        field_name="url", replacement_value="https://famille.org/garderie", updated_by="erin"
    ).exists()

    page.goto(f"{live_server.url}/repertoire/organismes/{org.pk}/")
    assert today.isoformat() in page.locator("#verification").locator("..").inner_text()
