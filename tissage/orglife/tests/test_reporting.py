"""Organizational life in reports: 54 meetings over the committees of seed 003, the clinical
support figures (89, 25, 2, 8), and the lists a report prints."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from tissage.orglife.blocks import orglife_block
from tissage.orglife.models import (
    Committee,
    MediaAppearance,
    Meeting,
    Partnership,
    Representation,
    SupportSession,
    Training,
)
from tissage.orglife.reporting import OUTREACH_SECTIONS, PEER_SUPPORT_SECTIONS
from tissage.reports.builder import build_report
from tissage.reports.compute import compute
from tissage.reports.periods import calendar_year, fiscal_year
from tissage.reports.templates_default import BUILTIN

pytestmark = pytest.mark.django_db

YEAR = fiscal_year(2023)  # 2023-04-01 – 2024-03-31
# Seed 003's committees and how many times each met in 2023-24 (54 in all).
MEETINGS = {
    ("Comité des partenaires de l'équipe Ressources Relais", None): 6,
    ("Conseil exécutif de l'équipe Ressources Relais", 0): 4,
    ("Table de concertation des aînées Memphrémagog", None): 5,
    ("Sous-comité prévention des mauvais traitements", 2): 3,
    ("Table jeunesse socio-économique Memphrémagog", None): 5,
    ("Sous-comité jeunesse 12-17", 4): 3,
    ("Sous-comité prévention des dépendances", 4): 3,
    ("Sous-comité analyse des substances", 4): 2,
    ("Table de développement social Memphrémagog", None): 4,
    ("Sous-comité chantier habitation", 8): 3,
    ("Table de concertation santé mentale Memphrémagog", None): 4,
    ("Comité consultatif des résidents de l'OMH", None): 3,
    ("Comité Vigie – Hôpital Memphrémagog", None): 3,
    ("Comité de lutte à la pauvreté", None): 2,
    ("Comité de la Nuit des sans-abri", None): 2,
    ("Comité sécurité alimentaire Memphrémagog", None): 2,
}


@pytest.fixture
def committees(db) -> list[Committee]:
    made: list[Committee] = []
    for number, ((name, parent), count) in enumerate(MEETINGS.items()):
        committee = Committee.objects.create(
            name=name,
            kind="subcommittee" if parent is not None else "table",
            parent=made[parent] if parent is not None else None,
        )
        made.append(committee)
        for k in range(count):
            Meeting.objects.create(
                committee=committee, date=YEAR.start + timedelta(days=7 * k + number)
            )
        # Meetings outside the year do not count in it.
        Meeting.objects.create(committee=committee, date=YEAR.start - timedelta(days=1))
        Meeting.objects.create(committee=committee, date=YEAR.end + timedelta(days=1))
    Committee.objects.create(name="Comité dormant", kind="committee", left_on=date(2020, 1, 1))
    return made


@pytest.fixture
def support(db) -> None:
    day = YEAR.start
    for kind, count in (("supervision", 89), ("team_meeting", 25), ("retreat", 2)):
        for k in range(count):
            SupportSession.objects.create(kind=kind, date=day + timedelta(days=k % 360))
        SupportSession.objects.create(kind=kind, date=YEAR.start - timedelta(days=3))
    for k in range(8):
        Training.objects.create(title=f"Formation {k}", date=day + timedelta(days=30 * k))
    Training.objects.create(title="L'an passé", date=date(2023, 3, 31))


def test_54_meetings_per_committee_and_in_all(committees):
    assert sum(MEETINGS.values()) == 54
    assert compute("orglife.committee_meetings", YEAR).total == 54
    assert compute("orglife.committees_met", YEAR).total == 16
    by_committee = {
        row.label: row.value for row in compute("orglife.meetings_by_committee", YEAR).rows
    }
    assert by_committee == {name: count for (name, _parent), count in MEETINGS.items()}


def test_the_committee_list_nests_subcommittees_and_totals_the_meetings(committees):
    with translation.override("fr-ca"):
        block = orglife_block({"key": "committees", "list": "committees"}, YEAR)
    rows = [[cell.display for cell in row] for row in block.table.rows]
    assert (rows[0][0], rows[0][2]) == ("Comité consultatif des résidents de l'OMH", "3")
    labels = [row[0] for row in rows]
    parent = labels.index("Table jeunesse socio-économique Memphrémagog")
    assert labels[parent + 1 : parent + 4] == [
        "— Sous-comité analyse des substances",
        "— Sous-comité jeunesse 12-17",
        "— Sous-comité prévention des dépendances",
    ]
    assert rows[-1][0] == "Total" and block.table.rows[-1][2].value == 54
    assert "Comité dormant" not in labels  # left before the year, never met in it
    assert sum(row[2].value for row in block.table.rows[:-1]) == 54


def test_the_clinical_support_figures_of_the_outreach_report(support):
    assert compute("orglife.supervisions", YEAR).total == 89
    assert compute("orglife.team_meetings", YEAR).total == 25
    assert compute("orglife.retreat_days", YEAR).total == 2
    assert compute("orglife.trainings", YEAR).total == 8
    doc = build_report("outreach", YEAR, language="fr-ca")
    block = next(block for block in doc.blocks if block.key == "clinical_support")
    assert [figure.cell.value for figure in block.figures] == [89, 25, 2, 8]
    concertation = next(block for block in doc.blocks if block.key == "concertation")
    assert [figure.cell.value for figure in concertation.figures] == [0, 0]


def test_the_outreach_and_peer_support_templates_hold_these_sections():
    outreach = [section["key"] for section in BUILTIN["outreach"][1]]
    for section in OUTREACH_SECTIONS:
        assert outreach.index(section["key"]) < outreach.index("conclusion")
    peer = [section["key"] for section in BUILTIN["peer_support"][1]]
    assert {section["key"] for section in PEER_SUPPORT_SECTIONS} <= set(peer)


def test_lists_of_trainings_events_partnerships_and_media():
    year = calendar_year(2023)
    training = Training.objects.create(title="Naloxone", provider="CIUSSS", date=date(2023, 5, 2))
    Training.objects.create(title="Hors période", date=date(2024, 1, 2))
    Representation.objects.create(kind="event", title="Colloque AQIISM", date=date(2023, 5, 30))
    Representation.objects.create(kind="kiosk", title="Salon FADOQ", date=date(2023, 6, 1))
    Partnership.objects.create(kind="funding", name="MESS", start=date(2022, 1, 1))
    Partnership.objects.create(kind="funding", name="Fini", end=date(2022, 12, 31))
    Partnership.objects.create(kind="project", name="Cahier", start=date(2023, 9, 1))
    MediaAppearance.objects.create(
        date=date(2023, 2, 8), kind="tv", outlet="TVA Nouvelles", topic="Choc traumatique"
    )
    with translation.override("en"):
        trainings = orglife_block({"key": "t", "list": "trainings"}, year)
        events = orglife_block(
            {"key": "e", "list": "representations", "kinds": ["event"], "title": "Events"}, year
        )
        funders = orglife_block({"key": "f", "list": "partnerships", "kinds": ["funding"]}, year)
        media = orglife_block({"key": "m", "list": "media"}, year)
    assert [[c.display for c in row] for row in trainings.table.rows] == [
        ["May 2, 2023", "Naloxone", "CIUSSS", "0"]
    ]
    assert training.attendees.count() == 0
    assert [row[2].display for row in events.table.rows] == ["Colloque AQIISM"]
    assert events.title == "Events"
    assert [row[0].display for row in funders.table.rows] == ["MESS"]
    assert [row[1].display for row in media.table.rows] == ["TVA Nouvelles"]


def test_the_outreach_report_lists_the_committees_with_54_meetings(committees):
    doc = build_report("outreach", YEAR, language="fr-ca")
    blocks = {block.key: block for block in doc.blocks}
    assert [figure.cell.value for figure in blocks["concertation"].figures] == [54, 16]
    rows = blocks["committees"].table.rows
    assert len(rows) == 16 and sum(row[1].value for row in rows) == 54
    assert (rows[0][0].display, rows[0][1].value) == (
        "Comité des partenaires de l'équipe Ressources Relais",
        6,
    )
