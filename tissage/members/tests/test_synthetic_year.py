"""Acceptance: the synthetic membership gives the peer-support organization's published 2023
figures exactly — 138 members at year end, 131 regular and 7 organizations, +100 % — in the
report's blocks, in the HTML and Excel files, and in a count of the raw records that shares
no code with the app (`raw_counts` below)."""

import io
from datetime import date, timedelta
from html.parser import HTMLParser

import openpyxl
import pytest
from django.utils import translation

from tissage.lib.numbers import NARROW, NBSP
from tissage.members.blocks import members_block
from tissage.members.models import Member, Membership
from tissage.members.reporting import PEER_SUPPORT_SECTIONS
from tissage.members.synthetic import EXPECTED, build_peer_support
from tissage.reports.builder import build_report
from tissage.reports.document import Block, ReportDocument
from tissage.reports.periods import Period, calendar_year
from tissage.reports.render import html_fragment, render

pytestmark = pytest.mark.django_db

YEAR = calendar_year(2023)
FIGURES = {k: s for s in PEER_SUPPORT_SECTIONS for k in [s["key"]]}


@pytest.fixture
def synthetic(db):
    return build_peer_support()


def raw_counts(day: date) -> dict[str, int]:
    """Members on `day` from the raw rows: a member counts once, in the category of the
    period that covers the day; nothing of the app's counting code is used."""
    covering: dict[int, str] = {}
    rows = Membership.objects.values_list("member_id", "category__code", "start", "end")
    for member_id, category, start, end in rows:
        if start <= day <= end:
            covering[member_id] = category
    counts = {"members": len(covering), "regular": 0, "organization": 0}
    for category in covering.values():
        counts[category] += 1
    listed = {
        pk
        for pk, since, until in Member.objects.values_list("pk", "listed_since", "listed_until")
        if since is not None and since <= day and (until is None or until > day)
    }
    counts["directory"] = len(listed & set(covering))
    return counts


class Extract(HTMLParser):
    """Key figures (dt → dd) and table rows (cell texts) of a rendered report."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self._text: list[str] | None = None
        self._row: list[str] | None = None
        self._term = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th", "dt", "dd"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        text = " ".join("".join(self._text or []).split()) if self._text is not None else ""
        if tag in ("td", "th") and self._row is not None:
            self._row.append(text)
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "dt":
            self._term = text
        elif tag == "dd":
            self.figures.setdefault(self._term, text)
        if tag in ("td", "th", "dt", "dd"):
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data.replace(NBSP, " ").replace(NARROW, " "))


def _blocks(period: Period, language: str) -> list[Block]:
    with translation.override(language):
        return [
            members_block(FIGURES["members_figures"], period),
            members_block(FIGURES["members_by_category"], period),
        ]


def _document(blocks: list[Block], period: Period, language: str) -> ReportDocument:
    return ReportDocument(
        title="Rapport",
        organization="SOS",
        period_label=period.label,
        period_start=period.start.isoformat(),
        period_end=period.end.isoformat(),
        language=language,
        blocks=blocks,
        definitions=[],
    )


def test_the_raw_records_carry_the_published_figures(synthetic):
    end_2022 = raw_counts(date(2022, 12, 31))
    assert {key: end_2022[key] for key in EXPECTED[2022]} == EXPECTED[2022]
    end_2023 = raw_counts(date(2023, 12, 31))
    assert (end_2023["members"], end_2023["regular"], end_2023["organization"]) == (138, 131, 7)
    assert end_2023["directory"] == EXPECTED[2023]["directory"]
    end_2024 = raw_counts(date(2024, 12, 31))
    assert (end_2024["members"], end_2024["directory"]) == (175, 72)
    # The edge cases the plan promises.
    assert raw_counts(date(2023, 12, 30))["members"] == 138  # the last joiner is not yet in
    assert Member.objects.filter(memberships__isnull=True).count() == 1


def test_the_blocks_give_138_members_131_regular_7_organizations_and_plus_100(synthetic):
    figures, table = _blocks(YEAR, "fr-ca")
    values = {figure.label: figure.cell for figure in figures.figures}
    shown = [(f.cell.value, f.cell.display) for f in figures.figures]
    assert shown[0] == (138, "138")
    assert shown[1] == (100.0, "+100" + NBSP + "%")
    assert shown[2] == (31, "31")
    assert len(values) == 3
    rows = {row[0].display: [cell.value for cell in row[1:]] for row in table.table.rows}
    assert rows == {
        "Membre régulier": [131, 66, pytest.approx(100 * (131 - 66) / 66)],
        "Membre organisme ou entreprise": [7, 3, pytest.approx(100 * 4 / 3)],
        "Total": [138, 69, 100.0],
    }
    assert table.table.columns[1:3] == ["2023", "2022"]


@pytest.mark.parametrize(
    ("language", "growth", "regular", "organization"),
    [
        ("fr-ca", "+100 %", "Membre régulier", "Membre organisme ou entreprise"),
        ("en", "+100%", "Regular member", "Organization or business member"),
    ],
)
def test_the_html_and_excel_files_show_the_same_figures(
    synthetic, language, growth, regular, organization
):
    doc = _document(_blocks(YEAR, language), YEAR, language)
    with translation.override(language):
        fragment = Extract()
        fragment.feed(str(html_fragment(doc)))
    standalone = Extract()
    standalone.feed(render(doc, "html").content.decode())
    for page in (fragment, standalone):
        assert sorted(page.figures.values()) == sorted(["138", growth, "31"])
        total = page.rows[-1]
        assert total[1:] == ["138", "69", growth]
        categories = {row[0]: row[1] for row in page.rows if len(row) == 4}
        assert (categories[regular], categories[organization]) == ("131", "7")
    book = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx").content))
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    numbers = [row[1] for row in summary if row and len(row) > 1 and row[0] and row[1]]
    assert numbers[-3:] == [138, 1.0, 31]
    sheet = [row[1:] for row in book.worksheets[1].iter_rows(values_only=True) if row[0]]
    assert (138, 69, 1.0) in sheet
    assert (131, 66, pytest.approx((131 - 66) / 66)) in sheet
    assert (7, 3, pytest.approx(4 / 3)) in sheet


def test_2024_and_2022_come_out_of_the_same_records(synthetic):
    figures, table = _blocks(calendar_year(2024), "en")
    assert [f.cell.display for f in figures.figures] == ["175", "+27%", "72"]
    figures, table = _blocks(calendar_year(2022), "en")
    assert [f.cell.display for f in figures.figures] == ["69", "--", "1"]
    assert table.table.rows[-1][1].value == 69 and table.table.rows[-1][3].display == "--"


def test_a_day_is_a_member_day_on_both_ends(synthetic):
    """Periods are inclusive: a member whose period ends on 30 December is gone on the 31st."""
    last_2022 = Member.objects.get(name="Membre A066")
    period = last_2022.memberships.get()
    assert (period.start, period.end) == (date(2022, 12, 31), date(2023, 12, 30))
    assert raw_counts(period.end)["members"] >= 1
    day_after = period.end + timedelta(days=1)
    assert not last_2022.memberships.covering(day_after).exists()


def test_the_peer_support_report_built_by_the_engine(synthetic):
    doc = build_report("peer_support", YEAR, language="fr-ca")
    blocks = {block.key: block for block in doc.blocks}
    assert [f.cell.display for f in blocks["members_figures"].figures][:2] == [
        "138",
        "+100" + NBSP + "%",
    ]
    total = blocks["members_by_category"].table.rows[-1]
    assert [cell.value for cell in total[1:]] == [138, 69, 100.0]
    page = Extract()
    page.feed(render(doc, "html").content.decode())
    assert ["Total", "138", "69", "+100 %"] in page.rows
    book = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx").content))
    cells = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert ("Total", 138, 69, 1.0) in cells
