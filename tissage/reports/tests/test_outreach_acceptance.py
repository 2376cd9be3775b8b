"""Acceptance: the outreach dataset, imported, gives exactly the published report (seed 003).

Every figure of tissage/testdata/outreach-2023-24/expected.json is looked for in the HTML and
Excel outputs, and each is also recomputed from the raw CSV files by
tissage/testdata/outreach.py, which shares no code with the engine.
"""

import io
import json
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from tissage.lib.numbers import NBSP
from tissage.reports.builder import build_report
from tissage.reports.periods import fiscal_year
from tissage.reports.render import html_fragment, render
from tissage.testdata.outreach import DATASET, recompute

pytestmark = pytest.mark.django_db

EXPECTED = json.loads((DATASET / "expected.json").read_text(encoding="utf-8"))
YEARS = ["23/24", "22/23", "21/22", "20/21", "19/20"]  # the report's columns, newest first


class Extract(HTMLParser):
    """Key figures (dt/dd), tables (rows of cell texts) and highlights (li) of a report."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.tables: list[list[list[str]]] = []
        self.items: list[str] = []
        self._text: list[str] | None = None
        self._row: list[str] | None = None
        self._term = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th", "dt", "dd", "li"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._text or []).split()) if self._text is not None else ""
        if tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "dt":
            self._term = text
        elif tag == "dd":
            self.figures.setdefault(self._term, text)  # the definitions list comes later
        elif tag == "li":
            self.items.append(text)
        if tag in ("td", "th", "dt", "dd", "li"):
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data.replace(NBSP, " "))

    def table_with(self, label: str) -> list[list[str]]:
        return next(t for t in self.tables if any(label in row for row in t))


def fr(value: float | int, digits: int = 0) -> str:
    """The expected French display, with a plain space (the extractor turns NBSP into one)."""
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")
    return text


@pytest.fixture
def imported(db):
    call_command("import", dataset=str(DATASET), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_imported_dataset_reproduces_the_published_report(imported):
    raw = recompute()
    period = fiscal_year(2023)
    doc = build_report("outreach", period, language="fr-ca")
    with translation.override("fr-ca"):
        page = Extract()
        page.feed(str(html_fragment(doc)))
    standalone = Extract()
    standalone.feed(render(doc, "html").content.decode())
    workbook = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx").content))
    sheets = {
        name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames
    }

    # Bilan quantitatif: each figure by its label, in both HTML outputs and in Excel.
    figures = {
        "Personnes rencontrées": "persons_served",
        "Problématiques différentes identifiées": "distinct_problems",
        "Interventions": "interventions",
        "Références faites": "referrals_out",
        "Personnes référées": "persons_referred_out",
        "Organismes vers lesquels on a référé": "organizations_referred_to",
        "Personnes qui nous ont été référées": "persons_referred_in",
        "Organismes qui nous ont référé des personnes": "organizations_referring",
        "Interventions par personne": "interventions_per_person",
    }
    summary_values: dict = {}
    for row in sheets[workbook.sheetnames[0]]:  # the summary sheet; definitions come last
        if row and len(row) > 1:
            summary_values.setdefault(row[0], row[1])
    for label, key in figures.items():
        digits = 1 if key == "interventions_per_person" else 0
        assert EXPECTED[key] == raw[key], key
        assert page.figures[label] == fr(EXPECTED[key], digits), label
        assert standalone.figures[label] == fr(EXPECTED[key], digits), label
        assert summary_values[label] == EXPECTED[key], label

    # Portrait: shares of persons met, rounded to the unit.
    for key, raw_key, label in [
        ("gender_pct", "gender_pct", "Femme"),
        ("language_pct", "language_pct", "Français"),
        ("age_pct", "age_pct", "0-11"),
        ("town_pct_top", "town_pct", "Magog"),
    ]:
        table = page.table_with(label)
        shown = {row[0]: row[-1] for row in table[1:]}
        for name, percent in EXPECTED[key].items():
            assert raw[raw_key][name] == percent, (key, name)
            assert shown[name] == f"{percent} %", (key, name)
        excel = _sheet_with(sheets, label)
        excel_shares = {row[0]: row[-1] for row in excel[1:] if row and row[0]}
        for name, percent in EXPECTED[key].items():
            assert round(excel_shares[name] * 100) == percent, (key, name)

    # The five-year tables: ranking, values, "--" where a row had no count that year.
    for key, label in [("top10_problems", "Santé mentale"), ("top10_types", "Relation d'aide")]:
        assert EXPECTED[key] == raw[key], key
        table = page.table_with(label)
        header, rows = table[0], table[1:]
        assert header[2:] == YEARS
        assert [row[1] for row in rows] == list(EXPECTED[key])
        for row in rows:
            expected = EXPECTED[key][row[1]]
            assert row[2:] == [fr(expected[y]) if expected[y] is not None else "--" for y in YEARS]
        excel = _sheet_with(sheets, label)
        excel_rows = {r[1]: list(r[2:7]) for r in excel if r and r[1] in EXPECTED[key]}
        for name, by_year in EXPECTED[key].items():
            assert excel_rows[name] == [
                by_year[y] if by_year[y] is not None else "--" for y in YEARS
            ]

    # Rankings, in order.
    for key, raw_key, label in [
        ("top_places", "places", "À domicile"),
        ("top_referred_to", "referred_to", "Zone Libre Memphrémagog"),
        ("top_referred_by", "referred_by", "Office d'habitation de Magog"),
    ]:
        names = [row[1] for row in _table_whose_first_row_is(page, label)]
        assert names[: len(EXPECTED[key])] == EXPECTED[key]
        assert [name for name, _count in raw[raw_key][: len(EXPECTED[key])]] == EXPECTED[key]
    places = {row[1]: row[2] for row in _table_whose_first_row_is(page, "À domicile")}
    assert places["À domicile"] == fr(EXPECTED["place_top_count"]["À domicile"])

    # Faits saillants: the record year and the +164 %, computed.
    highlights = " ".join(page.items)
    assert EXPECTED["highlights"]["interventions_record"] is raw["interventions_record"] is True
    assert "le plus élevé" in highlights or "highest" in highlights
    assert f"+{EXPECTED['highlights']['toxicomanie_change_pct']} %" in highlights
    assert "Pauvreté" in highlights and "Médiation" in highlights
    assert "14 interventions par personne" in highlights


def _sheet_with(sheets: dict[str, list[tuple]], label: str) -> list[tuple]:
    return next(rows for rows in sheets.values() if any(row and label in row for row in rows))


def _table_whose_first_row_is(page: Extract, label: str) -> list[list[str]]:
    for table in page.tables:
        if len(table) > 1 and table[1][1:2] == [label]:
            return table[1:]
    raise AssertionError(label)
