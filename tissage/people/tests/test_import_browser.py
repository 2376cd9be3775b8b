"""The import pages in Chromium: import.js streams the check and the import, shows the
progress bar, then opens the result; the pages pass the accessibility checks."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tissage.conftest import sign_in
from tissage.people.models import ImportRun, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONS = Path(__file__).resolve().parents[2] / "testdata" / "outreach-2023-24" / "personnes.csv"


def serious_violations(page) -> list[str]:
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_check_and_import_with_a_progress_bar(page, live_server, users, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    sign_in(page, live_server, "carol")
    page.goto(f"{live_server.url}/personnes/importer/")
    assert serious_violations(page) == []
    page.select_option("select[name=kind]", "persons")
    page.set_input_files("input[name=file]", str(PERSONS))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url("**/colonnes/")
    assert serious_violations(page) == []
    box = page.locator("[data-import-progress]")
    assert box.is_hidden()

    with page.expect_response("**/verification/") as answer:
        page.locator("form[data-import-stream] button.button").click()
    assert answer.value.headers.get("x-tissage-stream") == "1"  # the script read the stream
    page.wait_for_url("**/verification/")
    run = ImportRun.objects.get()
    assert run.status == "checked" and run.summary["created"] == 2155
    assert Person.objects.count() == 0
    assert serious_violations(page) == []

    with page.expect_response("**/importer/") as answer:
        page.locator("form[data-import-stream] button.button").click()
    assert answer.value.headers.get("x-tissage-stream") == "1"
    page.wait_for_url(f"**/importer/{run.pk}/")
    assert page.locator("#import-result").is_visible()
    assert Person.objects.count() == 2155
    assert serious_violations(page) == []
