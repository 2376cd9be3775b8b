"""A tiny organization for the renderer tests, and its report built once per test module.

Four persons, 1 205 interventions in 2023-24 (a figure with a thousands separator) and 40
in 2022-23 (a five-year table with "--"), referrals to organizations whose names look like
spreadsheet formulas or HTML, as people may type them.

The other render test modules import `report_docs` (a module-scoped fixture): the data is
written in a transaction, the report built in French and in English, then everything is
rolled back. The documents are plain data; rendering them needs no database.
"""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

from tissage.accounts.models import OrganizationProfile
from tissage.directory.models import Organization
from tissage.people.models import Intervention, Person, Referral
from tissage.reports.builder import build_report
from tissage.reports.document import ReportDocument
from tissage.reports.periods import fiscal_year
from tissage.vocabularies.models import Term

ORGANIZATION = "Maison des jeunes de Magog"
THIS_YEAR = 1205
LAST_YEAR = 40
FORMULA_LIKE = '=HYPERLINK("http://example.org","clic")'
HTML_LIKE = "Café <b>Rencontre</b> & Cie"
LANGUAGES = ("fr-ca", "en")


def term(vocabulary: str, label: str) -> Term:
    return Term.objects.of(vocabulary).get(label_fr=label)


def _persons() -> list[Person]:
    spec = [
        ("Femme", "18-24", "Français", "Magog"),
        ("Homme", "25-34", "Anglais", "Stanstead"),
        ("Femme", "65+", "Français", "Magog"),
        (None, "12-17", "Autre", "Magog"),
    ]
    return [
        Person.objects.create(
            code=f"T{number:03d}",
            gender=term("gender", gender) if gender else None,
            age_group=term("age_group", age),
            language=term("language", language),
            municipality=term("municipality", municipality),
        )
        for number, (gender, age, language, municipality) in enumerate(spec, start=1)
    ]


def _interventions(persons: list[Person], start: date, count: int) -> None:
    places = [term("place", "À domicile"), term("place", "Écoles")]
    types = [term("intervention_type", "Relation d'aide"), term("intervention_type", "Référence")]
    problems = [term("problem", "Santé mentale"), term("problem", "Logement")]
    made = Intervention.objects.bulk_create(
        Intervention(date=start + timedelta(days=i % 360), place=places[i % 2])
        for i in range(count)
    )
    links = [
        (Intervention.persons.through, "person_id", lambda i: persons[i % len(persons)].pk),
        (Intervention.types.through, "term_id", lambda i: types[0 if i % 3 else 1].pk),
        # Logement only this year: last year's column shows "--" for it.
        (
            Intervention.problems.through,
            "term_id",
            lambda i: problems[i % 2 if count > 100 else 0].pk,
        ),
    ]
    for through, field, value in links:
        through.objects.bulk_create(
            through(intervention_id=intervention.pk, **{field: value(i)})
            for i, intervention in enumerate(made)
        )


def make_dataset() -> None:
    profile = OrganizationProfile.current()
    profile.name = ORGANIZATION
    profile.fiscal_year_start_month = 4
    profile.save()
    persons = _persons()
    _interventions(persons, date(2023, 4, 1), THIS_YEAR)
    _interventions(persons, date(2022, 4, 1), LAST_YEAR)
    partners = [
        Organization.objects.create(name=name)
        for name in (FORMULA_LIKE, HTML_LIKE, "+Centre d'entraide", "CLSC de Magog")
    ]
    day = date(2023, 6, 1)
    for number, partner in enumerate(partners):
        for person in persons[: number + 1]:
            Referral.objects.create(date=day, person=person, direction="out", organization=partner)
    Referral.objects.create(date=day, person=persons[0], direction="in", organization=partners[3])


def build_documents() -> dict[str, ReportDocument]:
    make_dataset()
    return {
        language: build_report("outreach", fiscal_year(2023), language=language)
        for language in LANGUAGES
    }


# pytest-django creates the test database only when a collected test is marked django_db:
# every module using `report_docs` carries the mark.
pytestmark = pytest.mark.django_db


def is_test_database(name: str) -> bool:
    return Path(name).name.startswith(TEST_DATABASE_PREFIX) or "memory" in name


@pytest.fixture(scope="module")
def report_docs(django_db_setup, django_db_blocker) -> dict[str, ReportDocument]:
    with django_db_blocker.unblock():
        if not is_test_database(str(connection.settings_dict["NAME"])):
            pytest.fail("report_docs needs the test database: mark the module django_db")
        with transaction.atomic():
            docs = build_documents()
            transaction.set_rollback(True)
    return docs


def test_the_dataset_gives_the_report_its_figures(report_docs):
    french, english = report_docs["fr-ca"], report_docs["en"]
    figures = {f.label: f.cell for b in english.blocks for f in b.figures}
    assert figures["Interventions"].value == THIS_YEAR
    assert figures["Persons met"].value == 4
    assert english.organization == ORGANIZATION
    french_figures = [f.cell.display for b in french.blocks for f in b.figures]
    assert "1\u00a0205" in french_figures  # Québec: a non-breaking space between thousands
    assert len(french.charts()) == 6
    labels = {cell.value for t in english.tables() for row in t.rows for cell in row}
    assert {FORMULA_LIKE, HTML_LIKE} <= labels
