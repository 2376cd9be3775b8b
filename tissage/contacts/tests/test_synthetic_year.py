"""The synthetic year reproduces the 211 report's published figures, in HTML and in Excel.

The figures are recomputed here with plain Python over the stored contacts (not through the
engine), then looked up in the rendered outputs.
"""

import io
from collections import Counter
from html.parser import HTMLParser

import openpyxl
import pytest
from django.utils import translation

from tissage.contacts import synthetic
from tissage.contacts.models import Contact, UnmetNeed
from tissage.reports.builder import build_report
from tissage.reports.registry import indicator
from tissage.reports.render import render

NBSP = "\u00a0"


class Tables(HTMLParser):
    """Every table row of a page, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data.replace(NBSP, " "))


def fr_percent(published: str) -> str:
    return published.replace(".", ",") + " %"


def fr_number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def recompute() -> dict:
    """The published figures from the stored rows, in plain Python."""
    contacts = list(
        Contact.objects.values(
            "gender__code",
            "age_group__code",
            "caller_type__code",
            "language__code",
            "newcomer",
            "emergency_service__code",
            "transferred",
            "heard_from__code",
        )
    )
    total = len(contacts)
    shares = {}
    for vocab, digits in [("gender", 0), ("age_group", 1), ("caller_type", 1), ("language", 2)]:
        counts = Counter(c[f"{vocab}__code"] for c in contacts)
        shares[vocab] = {
            code: (f"{100 * n / total:.{digits}f}" if digits else str(round(100 * n / total)))
            for code, n in counts.items()
        }
    programs = Counter(Contact.programs.through.objects.values_list("term__code", flat=True))
    emergency = [c for c in contacts if c["emergency_service__code"]]
    return {
        "total": total,
        "newcomers": sum(1 for c in contacts if c["newcomer"]),
        "shares": shares,
        "programs": dict(programs),
        "transferred": dict(
            Counter(c["emergency_service__code"] for c in emergency if c["transferred"])
        ),
        "not_transferred": dict(
            Counter(c["emergency_service__code"] for c in emergency if not c["transferred"])
        ),
        "heard_from": dict(
            Counter(c["heard_from__code"] for c in contacts if c["heard_from__code"])
        ),
    }


@pytest.mark.django_db
def test_synthetic_year_reproduces_the_published_211_report():
    synthetic.build_year()
    raw = recompute()
    assert raw == synthetic.expected()
    assert sum(raw["transferred"].values()) == 27
    assert sum(raw["not_transferred"].values()) == 1074

    doc = build_report("i_and_r", synthetic.period(), language="fr-ca")
    page = Tables()
    page.feed(render(doc, "html").content.decode())
    html_rows = [row for row in page.rows if row]
    workbook = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx").content))
    xlsx_rows = [
        [cell for cell in row]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        if any(cell is not None for cell in row)
    ]

    from tissage.vocabularies.models import Term

    def label(vocabulary: str, code: str) -> str:
        return Term.objects.of(vocabulary).get(code=code).label_fr

    def html_row(first: str, *cells: str) -> None:
        wanted = [first, *cells]
        assert any(row[: len(wanted)] == wanted for row in html_rows), (wanted, html_rows[:3])

    def xlsx_row(first: str, *cells: object) -> None:
        wanted = [first, *cells]
        assert any(list(row[: len(wanted)]) == wanted for row in xlsx_rows), wanted

    # Portrait in % with the published decimals.
    for vocab, published in synthetic.PUBLISHED_SHARES.items():
        counts = dict(synthetic.PORTRAIT[vocab])
        for code, share in published.items():
            name = label(vocab, code)
            html_row(name, fr_number(counts[code]), fr_percent(share))
            # Excel stores percentages as fractions (0.9936 shown as a percentage).
            row = next(r for r in xlsx_rows if r[0] == name and r[1] == counts[code])
            assert row[2] == pytest.approx(float(share) / 100, abs=1e-9), (name, row)
    # Newcomers and total.
    with translation.override("fr-ca"):
        newcomers = str(indicator("contacts.newcomers").label)
    summary = {f.label: f.cell for b in doc.blocks for f in b.figures}
    assert summary[newcomers].value == 1089
    assert summary[newcomers].display.replace(NBSP, " ") == "1 089"
    assert "1 089" in render(doc, "html").content.decode().replace(NBSP, " ")
    xlsx_row(newcomers, 1089)
    # Specific requests, emergencies, how heard.
    for code, n in synthetic.PROGRAMS:
        html_row(label("special_program", code), fr_number(n))
        xlsx_row(label("special_program", code), n)
    transferred = dict(synthetic.EMERGENCY_TRANSFERRED)
    for code, n in synthetic.EMERGENCY_NOT_TRANSFERRED:
        name = label("emergency_service", code)
        html_row(name, fr_number(transferred.get(code, 0)), fr_number(n))
        xlsx_row(name, transferred.get(code, 0), n)
    html_row("Total", "27", fr_number(1074))
    for code, n in synthetic.HEARD_FROM:
        html_row(label("referral_source", code), fr_number(n))
        xlsx_row(label("referral_source", code), n)
    # Unmet needs: the top 10, each with its breakdown by reason adding up to its total.
    needs = synthetic.need_terms()
    top = sorted(
        Counter(UnmetNeed.objects.values_list("need_id", flat=True)).items(), key=lambda x: -x[1]
    )[:10]
    by_id = {term.pk: term for term in needs}
    for need_id, n in top:
        row = next(r for r in xlsx_rows if r[0] == by_id[need_id].name and r[1] == n)
        assert sum(v for v in row[2:] if isinstance(v, int)) == n
    assert not any(r[0] == needs[10].name and r[1] == 3 for r in xlsx_rows)
