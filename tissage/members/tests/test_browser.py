"""In headless Chromium: a worker renews a membership from the member's page."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tissage.conftest import sign_in
from tissage.members.models import Payment

from .factories import member, period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_worker_renews_a_membership(page, live_server, users):
    today = timezone.localdate()
    julie = member("Julie Roy")
    current = period(julie, today - timedelta(days=350))  # ends in about two weeks
    next_start = current.end + timedelta(days=1)

    sign_in(page, live_server, "carol")
    page.goto(f"{live_server.url}/membres/{julie.pk}/")
    assert page.locator("#membership-table tbody tr").count() == 1
    page.locator("#renew").click()
    page.wait_for_url(f"**/membres/{julie.pk}/renouveler/")
    assert page.locator("#id_start").input_value() == next_start.isoformat()
    assert serious_violations(page) == []
    page.locator("#id_method").select_option("transfer")
    page.locator("#id_receipt_number").fill("V-2024-17")
    page.locator("#confirm-renewal").click()
    page.wait_for_url(f"**/membres/{julie.pk}/")

    rows = page.locator("#membership-table tbody tr")
    assert rows.count() == 2
    assert rows.first.get_attribute("data-start") == next_start.isoformat()
    assert "V-2024-17" in rows.first.inner_text()
    renewed = julie.memberships.order_by("-start").first()
    assert (renewed.start, renewed.renewal) == (next_start, True)
    payment = Payment.objects.get(membership=renewed)
    assert (payment.method, payment.receipt_number, str(payment.amount)) == (
        "transfer",
        "V-2024-17",
        "25.00",
    )
