"""End to end through headless Chromium: sign in, move through the shell, switch language."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tissage.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_user_signs_in_and_moves_through_the_shell(page, live_server, users):
    sign_in(page, live_server, "alice")
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bienvenue")
    assert serious_violations(page) == []

    nav = page.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Rapports").click()
    page.wait_for_url("**/rapports/")
    assert page.get_by_role("heading", level=1).inner_text() == "Rapports"

    # expect() waits for the next page; an immediate is_visible() raced the navigation in CI
    nav.get_by_role("link", name="Vocabulaires").click()
    page.wait_for_url("**/parametres/vocabulaires/")
    page.get_by_role("link", name="Problématiques").click()
    page.wait_for_url("**/parametres/vocabulaires/problem/")
    expect(page.get_by_role("cell", name="Santé mentale", exact=True)).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem areas")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Home").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Welcome"))


def test_the_keyboard_reaches_everything_starting_with_the_skip_link(page, live_server, users):
    sign_in(page, live_server, "carol")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_the_shell_fits_a_360_pixel_phone(phone, live_server, users):
    sign_in(phone, live_server, "frank")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    menu = phone.get_by_text("Menu", exact=True)
    assert menu.is_visible()
    nav = phone.get_by_role("navigation", name="Navigation principale")
    reports = nav.get_by_role("link", name="Rapports")
    assert not reports.is_visible()  # the menu starts folded on a phone
    menu.click()
    reports.click()
    phone.wait_for_url("**/rapports/")
    assert serious_violations(phone) == []
