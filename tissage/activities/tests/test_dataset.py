"""Acceptance: the outreach dataset's collective activities, imported with the command, give
the published "Interventions collectives" (seed 003, expected.json "collective") in the HTML
and the Excel report; and the same figures recomputed from the CSV with the csv module alone.
"""

import csv
import io
import json
from collections import Counter
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.management import call_command

from tissage.activities.models import Activity, Session
from tissage.lib.numbers import NBSP
from tissage.reports.builder import build_report
from tissage.reports.periods import fiscal_year
from tissage.reports.render import html_fragment, render
from tissage.testdata.outreach import DATASET

pytestmark = pytest.mark.django_db

FILE = DATASET / "activites_collectives.csv"
EXPECTED = json.loads((DATASET / "expected.json").read_text(encoding="utf-8"))["collective"]
KINDS = {  # the dataset's French labels, as the report names the three groups
    "animations": "Animation avec un partenaire",
    "partner_activities": "Participation à une activité d'un partenaire",
    "public_events": "Événement public",
}
# Counts the seed prints next to partners' names ("UMIC – La Ruche (207)"), as the data
# spells the names.
PUBLISHED_PER_PARTNER = {
    "UMIC – La Ruche": 207,
    "Milieu de jour l'OASIS": 71,
    "Coeur sur la main – Café": 58,
    "UMIC – Coin PUFF": 42,
    "Maison des jeunes l'Exit": 93,
    "Café social": 12,
    "Dîner CÉPOP": 7,
}


def recompute() -> dict:
    """The section's figures from the raw file, with the csv module only."""
    with FILE.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter=";")]
    rows = [row for row in rows if "2023-04-01" <= row["date"] <= "2024-03-31"]
    by_kind = Counter(row["type"] for row in rows)
    per_title = {
        key: Counter(row["titre"] for row in rows if row["type"] == label)
        for key, label in KINDS.items()
    }
    return {
        "activities": len(rows),
        "participants": sum(int(row["participants"]) for row in rows),
        **{key: by_kind[label] for key, label in KINDS.items()},
        "per_title": per_title,
    }


class Sections(HTMLParser):
    """Per report section (its id): key figures in order, and table rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, list[str]] = {}
        self.rows: dict[str, list[list[str]]] = {}
        self.section = ""
        self._text: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "section":
            self.section = dict(attrs).get("id", "")
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th", "dd"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._text or []).split())
        if tag == "dd" and self._text is not None:
            self.figures.setdefault(self.section, []).append(text)
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self.section, []).append(self._row)
            self._row = None
        if tag in ("td", "th", "dd"):
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data.replace(NBSP, " "))


def french(value: int) -> str:
    return f"{value:,}".replace(",", " ")


@pytest.fixture
def imported(db) -> None:
    out = io.StringIO()
    call_command("import_activities", str(FILE), stdout=out, stderr=io.StringIO())
    assert "550" in out.getvalue()


def test_the_dataset_reproduces_the_published_section(imported):
    raw = recompute()
    for key, value in EXPECTED.items():
        assert raw[key] == value, key  # the dataset itself carries the published figures
    doc = build_report("outreach", fiscal_year(2023), language="fr-ca")
    order = ["activities", "participants", "animations", "partner_activities", "public_events"]

    # HTML: the key figures of the section, in order, and the per-partner rankings.
    for html in (str(html_fragment(doc)), render(doc, "html").content.decode()):
        page = Sections()
        page.feed(html)
        assert page.figures["report-collective"] == [french(EXPECTED[key]) for key in order]
        for key in ("animations", "partner_activities", "public_events"):
            section = "report-collective-" + key.replace("_", "-")
            shown = {row[1]: int(row[2].replace(" ", "")) for row in page.rows[section][1:]}
            assert shown == dict(raw["per_title"][key]), key
            assert sum(shown.values()) == EXPECTED[key]
    for title, count in PUBLISHED_PER_PARTNER.items():
        assert count in (
            raw["per_title"]["animations"][title],
            raw["per_title"]["partner_activities"][title],
        )

    # Excel: the figures as numbers on the summary sheet, a sheet per ranking.
    workbook = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx").content))
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    block = next(b for b in doc.blocks if b.key == "collective")
    start = next(i for i, row in enumerate(summary) if row and row[0] == block.title)
    values = [row[1] for row in summary[start + 1 : start + 6]]
    assert values == [EXPECTED[key] for key in order]
    for key in ("animations", "partner_activities", "public_events"):
        block = next(b for b in doc.blocks if b.key == "collective_" + key)
        sheet = next(
            ws for ws in workbook.worksheets if ws.cell(row=1, column=1).value == block.title
        )
        counted = {
            row[1]: row[2]
            for row in sheet.iter_rows(values_only=True)
            if row and isinstance(row[0], int)
        }
        assert counted == dict(raw["per_title"][key]), key


def test_rows_of_one_kind_and_title_form_one_activity(imported):
    ruche = Activity.objects.get(title="UMIC – La Ruche")
    assert ruche.sessions.count() == 207
    assert ruche.kind.code == "partner-facilitation"
    assert Activity.objects.count() == 35
    assert Session.objects.count() == 550


def test_importing_the_file_again_creates_nothing(imported):
    out = io.StringIO()
    call_command("import_activities", str(FILE), stdout=out, stderr=io.StringIO())
    assert Session.objects.count() == 550
    assert Activity.objects.count() == 35
