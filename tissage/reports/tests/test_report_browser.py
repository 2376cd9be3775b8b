"""A director opens the annual report in headless Chromium and writes its introduction."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tissage.conftest import sign_in
from tissage.reports.tests.test_quality import small_dataset
from tissage.vocabularies.defaults import load_defaults
from tissage.vocabularies.models import Term, Vocabulary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_a_director_opens_the_report_and_keeps_her_introduction(page, live_server, users):
    # The vocabularies come from a data migration, and a transactional test empties the
    # database after itself: put them back (serialized rollback trips on content types).
    load_defaults(Vocabulary, Term)
    small_dataset()
    sign_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/rapports/")
    assert page.locator("#dashboard-title").is_visible()
    assert serious_violations(page) == []

    page.select_option("#id_template", "outreach")
    page.select_option("#id_period", "2023-24")
    page.locator("form:has(#id_template) button[type=submit]").click()
    page.wait_for_url("**/rapports/outreach/2023-24/")
    assert page.locator("table.report-table").count() >= 5
    assert page.locator(".report-chart svg").count() >= 3
    assert page.locator("#report-summary a").first.inner_text() == "3"  # persons met
    assert serious_violations(page) == []

    introduction = page.locator("#text-introduction")
    introduction.get_by_role("link").click()  # htmx swaps in the form, in place
    textarea = page.locator("#text-introduction textarea")
    textarea.fill("Une année de travail de rue.\n\nMerci à toute l'équipe.")
    assert serious_violations(page) == []
    page.locator("#text-introduction button[type=submit]:not([name=restore])").click()
    page.locator("#text-introduction p", has_text="Merci à toute l'équipe.").wait_for()
    assert page.url.endswith("/rapports/outreach/2023-24/")  # no page load: edited in place

    page.reload()
    paragraphs = page.locator("#text-introduction p").all_inner_texts()
    assert paragraphs[:2] == ["Une année de travail de rue.", "Merci à toute l'équipe."]
