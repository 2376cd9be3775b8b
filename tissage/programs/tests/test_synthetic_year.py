"""The employment centre's published tables (seed 002_bfd7b915f630dee5.txt, 2024-25),
reproduced from a synthetic year of records: by the report blocks, in the HTML file and the
Excel workbook, and recomputed independently from the stored rows with plain Python.

The expected figures are typed here from the seed, not imported from the generator. Where the
seed prints an attainment that is not actual ÷ target (a target pro-rated during the year),
the comment says so and the test asserts actual ÷ target, as Tissage computes it.

The French report is checked on its figures and on labels that are data (program names,
vocabulary entries); labels of this app's own strings ("Total", "New participants") will be
translated, so they are checked in English only.
"""

import pytest

from tissage.programs.synthetic_specs import YEAR
from tissage.programs.tests.helpers import (
    block_rows,
    employment_document,
    html_tables,
    xlsx_tables,
)
from tissage.programs.tests.recompute import recompute
from tissage.reports.builder import build_report
from tissage.reports.compute import compute
from tissage.reports.render import render

pytestmark = pytest.mark.django_db

NB = "\u00a0"

# "Évaluations faites par programme": the nine services, enrolments and readmissions.
NINE_SERVICES = [
    ["Projet de préparation à l'emploi non traditionnel/PPENT", "22", "0"],
    ["Groupe D (Services spécialisés)", "233", "5"],
    ["Groupe maintien en emploi", "3", "0"],
    ["Initiative ciblée pour les travailleurs expérimentés/ICTE", "41", "0"],
    ["Groupe C (Méthodes de recherches d'emploi)", "127", "0"],
    ["Groupe B (Orientation)", "14", "0"],
    ["Groupe C (EDET)", "90", "0"],
    ["Groupe D (Ouvrier spécialisé/MFOR)", "5", "0"],
    ["Groupe A (Sessions d'information – Services Canada)", "105", "NA"],
]
NINE_TOTAL = ["640", "5"]

# New participants: target, actual, attainment as Tissage shows it (actual ÷ target).
PRODUCTION = {
    "ppent": ("20", "22", "110"),
    "groupe-d": ("222", "233", "105"),
    "groupe-d-os": ("5", "3", "60"),
    "maintien-emploi": ("12", "3", "25"),  # the seed prints 8 %: 3 ÷ 12 is 25 %
    "icte": ("42", "41", "98"),
    "groupe-c": ("160", "127", "79"),
    "groupe-b": ("25", "14", "56"),
    "edet": ("95", "90", "95"),
    "mfor": ("8", "5", "63"),
    "groupe-a": ("201", "105", "52"),
}
# Employed within 0–3 months: target, actual, attainment.
IMPACT = {
    "groupe-d": ("122", "90", "74"),
    "ppent": ("13", "10", "77"),  # the seed prints 70 %: 10 ÷ 13 is 77 %
    "icte": ("27", "16", "59"),  # the seed prints 81 %: 16 ÷ 27 is 59 %
    "groupe-d-os": ("3", "1", "33"),  # the seed gives no target, only 33 %: a target of 3
}
# Intensity levels: (level, participations, average hours), the last row for all levels.
LEVELS = {
    "groupe-d": [("D1", "224", "15h"), ("D2", "15", "38h"), ("D3", "4", "54h"),
                 ("D4", "1", "74h"), ("", "244", "17h")],
    "groupe-d-os": [("D1", "3", "14h35"), ("D2", "2", "35h52"), ("D3", "0", "-"),
                    ("D4", "1", "57h45"), ("", "6", "28h52")],
    "groupe-c": [("C1", "18", "5h"), ("C2", "62", "9h"), ("C3", "78", "16h"),
                 ("", "158", "12h")],
    "edet": [("C1", "5", "4h"), ("C2", "55", "7h"), ("C3", "25", "13h"), ("", "85", "8h")],
    # The seed prints 40 for all levels, impossible with D1 at 29h and D2 at 32h: 30h.
    "mfor": [("D1", "3", "29h"), ("D2", "2", "32h"), ("D3", "0", "-"), ("D4", "0", "-"),
             ("", "5", "30h")],
    "groupe-b": [("", "12", "16h")],
    "groupe-a": [("", "105", "3h")],
    "maintien-emploi": [("", "2", "39h")],
}  # fmt: skip
# Other indicators, in the order of each program's table.
OTHER = {
    "ppent-other": ["0", "7", "7", "0", "2"],
    "ppent-outcomes": ["0", "2", "5", "21", "16"],
    "groupe-d-other": ["18", "81", "99", "5"],
    "groupe-d-outcomes": ["2", "15", "19"],
    "icte-other": ["0", "13", "13", "0", "0"],
    "icte-outcomes": ["0", "3", "1", "0", "6"],
    "groupe-c-other": ["5", "14", "19"],
    "groupe-b-other": ["1", "3", "4"],
    "edet-other": ["4", "3", "7"],
    "mfor-other": ["0", "0", "0", "5", "0", "0", "0"],
    "groupe-a-other": ["0", "0", "0"],
    "maintien-emploi-other": ["0", "0", "0", "2"],
}
# The integration program per volet: S1, S2, not eligible, total, eligible, target, rate.
SEMESTERS = [
    ["Volet installation", "146", "82", "11", "239", "228", "160", f"142,5{NB}%"],
    ["Volet régionalisation", "23", "50", "10", "83", "73", "45", f"162,2{NB}%"],
    ["Volet pleine participation", "312", "364", "33", "709", "676", "250", f"270,4{NB}%"],
    ["Volet demandeurs d'asile", "22", "21", "6", "49", "43", "30", f"143,3{NB}%"],
    ["191", "153", "27", "371", "344", "--", "--"],  # the total of V1 and V4
]
RESIDENCE = {
    "Citoyen canadien": ("2", "2", "4"),
    "Demandeur d'asile": ("20", "25", "45"),
    "Demandeur d'asile reconnu": ("10", "7", "17"),
    "Résident permanent": ("60", "57", "117"),
    "Résident temporaire - Études": ("23", "25", "48"),
    "Résident temporaire - Travail": ("108", "121", "229"),
    "Non mentionné": ("1", "0", "1"),
}
RESIDENCE_TOTAL = ["224", "237", "461"]
COUNTRIES = [
    ("Cameroun", "130"), ("Ukraine", "52"), ("Maroc", "41"), ("Côte d'Ivoire", "36"),
    ("Colombie", "20"), ("Haïti", "20"), ("Philippines", "17"), ("Algérie", "16"),
    ("Mexique", "16"), ("Tunisie", "16"), ("Sénégal", "13"), ("Rép. dém. du Congo", "11"),
]  # fmt: skip


def pct(text: str) -> str:
    return f"{text}{NB}%"


def labelled(rows: list[list[str]]) -> list[list[str]]:
    """Rows whose first cell is data, then the total row without its label."""
    return [*rows[:-1], rows[-1][1:]]


@pytest.fixture(scope="module")
def doc(year):
    return employment_document(YEAR)


def test_the_nine_services_table(year, doc):
    assert labelled(block_rows(doc, "enrolments")) == [*NINE_SERVICES, NINE_TOTAL]


@pytest.mark.parametrize("code", list(PRODUCTION))
def test_production_indicators(year, doc, code):
    target, actual, rate = PRODUCTION[code]
    rows = block_rows(doc, f"{code}-production")
    assert [row[1:] for row in rows] == [[target, actual, pct(rate)]]


@pytest.mark.parametrize("code", list(IMPACT))
def test_impact_indicators(year, doc, code):
    target, actual, rate = IMPACT[code]
    rows = block_rows(doc, f"{code}-impact")
    assert [row[1:] for row in rows] == [[target, actual, pct(rate)]]


@pytest.mark.parametrize("code", list(LEVELS))
def test_intensity_levels_and_average_hours(year, doc, code):
    rows = block_rows(doc, f"{code}-levels")
    assert [(row[1], row[2]) for row in rows] == [(n, hours) for _l, n, hours in LEVELS[code]]
    assert [row[0].split(" ")[0] for row in rows[:-1]] == [
        level for level, *_r in LEVELS[code][:-1]
    ]


@pytest.mark.parametrize("key", list(OTHER))
def test_other_indicators(year, doc, key):
    assert [row[1] for row in block_rows(doc, key)] == OTHER[key]


def test_the_integration_program_per_semester(year, doc):
    assert labelled(block_rows(doc, "pasi-semesters")) == SEMESTERS


def test_residence_status_by_sex_and_countries_of_origin(year, doc):
    rows = block_rows(doc, "pasi-residence-status")
    assert {row[0]: tuple(row[1:]) for row in rows[:-1]} == RESIDENCE
    assert rows[-1][1:] == RESIDENCE_TOTAL
    assert [tuple(row) for row in block_rows(doc, "pasi-countries")] == COUNTRIES


def test_an_independent_recomputation_gives_the_published_figures(year):
    """Plain Python over the stored rows, sharing no code with the app's counting."""
    found = recompute(YEAR.start, YEAR.end)
    assert [[name, *values] for name, values in found["nine_services"]] == NINE_SERVICES
    assert found["nine_total"] == NINE_TOTAL
    for code, (target, actual, rate) in PRODUCTION.items():
        assert found["production"][code] == (target, actual, rate), code
    for code, (target, actual, rate) in IMPACT.items():
        assert found["impact"][code] == (target, actual, rate), code
    for code, levels in LEVELS.items():
        assert found["levels"][code] == levels, code
    assert found["semesters"] == SEMESTERS
    assert found["residence_total"] == 461


def test_html_and_excel_show_the_published_figures(year, doc):
    html = html_tables(render(doc, "html").content)
    assert labelled(html["report-table-enrolments"]) == [*NINE_SERVICES, NINE_TOTAL]
    assert html["report-table-groupe-d-production"][0][1:] == ["222", "233", pct("105")]
    assert html["report-table-groupe-d-impact"][0][1:] == ["122", "90", pct("74")]
    assert [row[1:] for row in html["report-table-groupe-d-os-levels"]] == [
        [n, hours] for _l, n, hours in LEVELS["groupe-d-os"]
    ]
    assert labelled(html["report-table-pasi-semesters"]) == SEMESTERS

    # The workbook of the English report: its sheets are found by their English titles.
    sheets = xlsx_tables(render(employment_document(YEAR, "en"), "xlsx").content)

    def sheet(title: str, first: str = "") -> list[list[object]]:
        return next(r for t, r in sheets if t == title and str(r[0][0]).startswith(first))

    enrolments = sheet("Enrolments per funded service")
    assert enrolments[-1] == ["Total", 640, 5]
    assert enrolments[1] == ["Groupe D (Services spécialisés)", 233, 5]
    assert enrolments[8][2] == "NA"
    group_d = "Groupe D (Services spécialisés) — "
    production = sheet(group_d + "Production indicators")
    assert production[0][1:3] == [222, 233] and round(production[0][3] * 100) == 105
    impact = sheet(group_d + "Impact indicators", "Employed")
    assert impact[0][1:3] == [122, 90] and round(impact[0][3] * 100) == 74
    levels = sheet("Groupe D – Orientation / Stage — Intensity levels")
    assert [row[2] for row in levels] == ["14h35", "35h52", "-", "57h45", "28h52"]
    semesters = sheet("Support and integration program: enrolments per semester")
    assert [round(row[7] * 100, 1) for row in semesters[:4]] == [142.5, 162.2, 270.4, 143.3]
    assert semesters[-1][1:6] == [191, 153, 27, 371, 344]


def test_english_report(year):
    doc = employment_document(YEAR, "en")
    assert block_rows(doc, "enrolments")[-1] == ["Total", "640", "5"]
    assert block_rows(doc, "groupe-d-production") == [["New participants", "222", "233", "105%"]]
    assert block_rows(doc, "pasi-semesters")[0][-1] == "142.5%"
    assert block_rows(doc, "pasi-semesters")[-1][0] == "Total (V1 + V4)"


def test_the_builder_includes_the_program_sections(year):
    """The program kinds are registered with the report builder: the built-in template gives
    the same tables through build_report."""
    doc = build_report("employment", YEAR, language="fr-ca")
    assert "enrolments" in {block.key for block in doc.blocks}
    assert labelled(block_rows(doc, "enrolments")) == [*NINE_SERVICES, NINE_TOTAL]
    assert labelled(block_rows(doc, "pasi-semesters")) == SEMESTERS


def test_needs_evaluations_per_quarter_and_referrals(year, doc):
    assert [row[1] for row in block_rows(doc, "needs-evaluations")] == [
        "170", "190", "160", "150", "670",
    ]  # fmt: skip
    assert compute("people.persons_referred_out", YEAR).total == 283
    assert compute("programs.referrals_not_reached", YEAR).total == 27
    destinations = compute("programs.persons_referred_by_destination", YEAR).rows
    assert (destinations[0].label, destinations[0].value) == (
        "Bureau de Services Québec de Sorel-Tracy",
        140,
    )
