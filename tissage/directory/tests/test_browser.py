"""The public site on a 360-pixel phone, through headless Chromium, with axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tissage.directory.tests.corpus import CONFIDENTIAL_STREET, build_corpus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tissage.directory.tests.urls"),
]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_person_searches_on_a_phone(phone, live_server):
    corpus = build_corpus()
    phone.goto(f"{live_server.url}/ressources/")
    assert phone.locator("html").get_attribute("lang") == "fr-CA"
    assert fits(phone) and serious_violations(phone) == []

    phone.locator("#id_q").fill("bouffe")
    phone.locator("#id_near").fill("Magog")
    phone.locator("button[type=submit].button").click()
    phone.wait_for_url("**/ressources/?*q=bouffe*")
    results = phone.locator("ol.results > li")
    assert results.count() == 2  # A1 in Magog, J1 in Austin; Montréal is too far
    assert "km" in results.first.inner_text()
    assert fits(phone) and serious_violations(phone) == []
    shared = phone.url
    assert "near=Magog" in shared  # the address bar holds a link to share

    phone.locator("details.more-filters > summary").click()
    expect(phone.locator("#id_category")).to_be_visible()

    results.first.get_by_role("link").click()
    phone.wait_for_url(f"**/ressources/services/{corpus['A1'].pk}/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Dépannage alimentaire"
    assert fits(phone) and serious_violations(phone) == []

    phone.locator(f"a[href$='/services/{corpus['A1'].pk}/signaler/']").click()
    phone.locator("input[value=phone]").check()
    phone.locator("#id_comment").fill("Le numéro ne répond plus.")
    assert fits(phone) and serious_violations(phone) == []
    phone.locator("button[type=submit].button").click()
    phone.wait_for_selector("[role=status]")
    from tissage.directory.models import Feedback

    assert Feedback.objects.get().kinds == ["phone"]


def test_the_shelter_page_and_english(phone, live_server):
    corpus = build_corpus()
    phone.goto(f"{live_server.url}/ressources/services/{corpus['D1'].pk}/")
    body = phone.locator("body").inner_text()
    assert "Hébergement pour femmes" in body and CONFIDENTIAL_STREET not in body
    phone.get_by_role("button", name="English").click()
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert fits(phone) and serious_violations(phone) == []
    phone.goto(f"{live_server.url}/ressources/imprimer/?q=femmes")
    assert fits(phone) and serious_violations(phone) == []
