"""The peer-support organization's year rebuilt from REPORTS.md gives its published figures:
12 activities and 253 participants in 2023, by kind; participants per project in 2024."""

import io

import openpyxl
import pytest

from tissage.activities.synthetic import (
    PUBLISHED_2023,
    PUBLISHED_2024_PROJECTS,
    YEAR_2023,
    build_peer_support,
)
from tissage.reports.builder import build_report
from tissage.reports.compute import compute
from tissage.reports.periods import calendar_year
from tissage.reports.render import render

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer_support(db) -> None:
    build_peer_support()


def test_2023_gives_12_activities_and_253_participants_by_kind(peer_support):
    year = calendar_year(2023)
    assert compute("activities.sessions", year).total == PUBLISHED_2023["activities"] == 12
    assert compute("activities.participants", year).total == PUBLISHED_2023["participants"] == 253
    by_kind = {row.code: row.value for row in compute("activities.by_kind", year).rows}
    assert set(by_kind) == {"workshop", "virtual-conference", "community-day"}  # as published
    assert sum(by_kind.values()) == 12
    people = compute("activities.participants_by_kind", year)
    assert sum(row.value for row in people.rows) == 253
    assert {row.code: row.value for row in people.rows}["community-day"] == 80  # Journée Entraide
    # An independent sum of the specifications themselves.
    assert sum(spec.participants for spec in YEAR_2023) == 253


def test_2024_gives_the_participants_per_project(peer_support):
    rows = compute("activities.participants_by_project", calendar_year(2024)).rows
    assert {row.label: row.value for row in rows} == PUBLISHED_2024_PROJECTS
    assert sorted(PUBLISHED_2024_PROJECTS.values()) == [113, 175]


def test_the_peer_support_report_shows_them_in_html_and_excel(peer_support):
    doc = build_report("peer_support", calendar_year(2023), language="fr-ca")
    figures = next(block for block in doc.blocks if block.key == "activities").figures
    assert [figure.cell.value for figure in figures] == [12, 253]
    html = render(doc, "html").content.decode()
    assert "253" in html and "Journée communautaire" in html
    workbook = openpyxl.load_workbook(io.BytesIO(render(doc, "xlsx").content))
    summary = [row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row]
    assert 12 in summary and 253 in summary
    sectors = next(block for block in doc.blocks if block.key == "activity_sectors").table
    assert sum(row[1].value for row in sectors.rows) == 12
