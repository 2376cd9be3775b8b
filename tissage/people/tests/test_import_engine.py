"""The import engine: matching, unknown values, errors with row and column, atomicity."""

import codecs
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import translation

from tissage.accounts.models import User
from tissage.directory.models import Organization
from tissage.lib.tabular import read_table
from tissage.people.importing import engine
from tissage.people.importing.columns import auto_columns, columns_for
from tissage.people.importing.errors import render_all, report_csv
from tissage.people.importing.lookups import CREATE
from tissage.people.models import Intervention, Person, Referral
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db


def run(kind: str, text: str | bytes, **options) -> engine.Summary:
    data = text.encode("utf-8") if isinstance(text, str) else text
    table = read_table(data, "file.xlsx" if data.startswith(b"PK") else "file.csv")
    columns = columns_for(kind, table.headers, options.pop("columns", None))
    return engine.run(kind, table, engine.Options(columns, **options))


def errors_of(summary: engine.Summary) -> list[tuple]:
    with translation.override("en"):
        return [
            (shown["row"], shown["column"], shown["value"], shown["message"])
            for shown in render_all(summary.errors, summary.kind)
        ]


def persons(*codes: str) -> None:
    text = "code;genre\n" + "".join(f"{code};Femme\n" for code in codes)
    assert run("persons", text).ok


def test_headers_are_recognized_in_their_usual_forms():
    headers = [
        "No",
        "Date",
        "Code de la personne",
        "Intervenant·e",
        "Types d'intervention",
        "Problématiques",
        "Lieu d'intervention",
        "Durée (minutes)",
        "Autre",
    ]
    assert auto_columns("interventions", headers) == {
        "No": "id",
        "Date": "date",
        "Code de la personne": "persons",
        "Intervenant·e": "workers",
        "Types d'intervention": "types",
        "Problématiques": "problems",
        "Lieu d'intervention": "place",
        "Durée (minutes)": "duration_minutes",
    }
    assert auto_columns("referrals", ["date", "code_personne", "Direction", "Organisme"]) == {
        "date": "date",
        "code_personne": "person",
        "Direction": "direction",
        "Organisme": "organization",
    }


def test_persons_are_matched_by_code_and_values_by_label_code_or_alias():
    Term.objects.filter(code="magog").update(aliases=["Ville de Magog"])
    summary = run(
        "persons",
        "code;genre;groupe_age;langue;municipalite\n"
        "P00007;FEMME;65+;french;ville de magog\n"
        ";homme;;Anglais;\n",
    )
    assert summary.ok and summary.created == 2
    first = Person.objects.get(code="P00007")
    assert (first.gender.code, first.age_group.code, first.language.code) == (
        "woman",
        "65-plus",
        "french",
    )
    assert first.municipality.code == "magog"
    # A row without a code gets the next one.
    assert Person.objects.get(gender__code="man").code == "P00008"


def test_an_unknown_value_is_reported_with_row_column_and_value():
    summary = run("persons", "code;genre\nP1;Femme\nP2;Fème\nP3;Fème\n")
    assert not summary.ok and summary.created == 0
    assert Person.objects.count() == 0  # P1 was fine, and is not imported either
    rows = errors_of(summary)
    assert [(row, column, value) for row, column, value, _m in rows] == [
        (3, "genre", "Fème"),
        (4, "genre", "Fème"),
    ]
    assert "Fème" in rows[0][3] and "Gender" in rows[0][3]
    assert summary.unknown == {"gender": {"Fème": 2}}


def test_an_unknown_value_mapped_to_an_existing_entry():
    summary = run("persons", "code;genre\nP2;Fème\n", values={"gender": {"fème": "woman"}})
    assert summary.ok
    assert Person.objects.get(code="P2").gender.code == "woman"


def test_unknown_values_created_as_new_entries():
    text = "code;genre\nP1;Bispirituel·le\nP2;bispirituel·le\n"
    summary = run("persons", text, create_missing=True)
    assert summary.ok and summary.terms_created == {"gender": ["Bispirituel·le"]}
    term = Term.objects.get(vocabulary__code="gender", label_fr="Bispirituel·le")
    assert set(Person.objects.values_list("gender", flat=True)) == {term.pk}
    # A later file finds the entry without creating it again, also when the choice says create.
    again = run("persons", "code;genre\nP3;Bispirituel·le\n", values={"gender": {"x": CREATE}})
    assert again.ok and again.terms_created == {}
    assert Term.objects.filter(vocabulary__code="gender", label_fr="Bispirituel·le").count() == 1


def test_a_merged_entry_resolves_to_the_one_it_was_merged_into():
    housing = Term.objects.get(vocabulary__code="problem", code="housing")
    old = Term.objects.create(
        vocabulary=housing.vocabulary,
        code="old-housing",
        label_fr="Hébergement",
        label_en="Lodging",
        active=False,
        merged_into=housing,
    )
    persons("P1")
    text = "date;code_personne;types;problematiques\n2023-04-01;P1;Relation d'aide;hebergement\n"
    assert run("interventions", text).ok
    assert list(Intervention.objects.get().problems.all()) == [housing]
    assert old.pk != housing.pk


def test_interventions_with_multi_valued_cells_workers_and_durations(users):
    persons("P1", "P2")
    text = (
        "no;date;code_personne;intervenant;types;problematiques;lieu;duree_min\n"
        "1;01/04/2023;P1 | P2;CAROL | INT-99;Relation d'aide | Référence;Logement | Deuil;UMIC;"
        "30 min\n"
        "2;2023-04-02;P2;carol;Médiation;;À domicile;\n"
    )
    summary = run("interventions", text)
    assert summary.ok and summary.created == 2 and summary.workers_created == 1
    first = Intervention.objects.get(import_key="interventions:1")
    assert first.date == dt.date(2023, 4, 1) and first.duration_minutes == 30
    assert sorted(first.persons.values_list("code", flat=True)) == ["P1", "P2"]
    assert sorted(first.workers.values_list("username", flat=True)) == ["INT-99", "carol"]
    assert sorted(first.types.values_list("code", flat=True)) == [
        "referral",
        "supportive-counselling",
    ]
    assert first.problems.count() == 2 and first.place.label_fr == "UMIC"
    new = User.objects.get(username="INT-99")
    assert not new.is_active and not new.has_usable_password() and new.role == "worker"


def test_wrong_values_name_their_row_and_column():
    persons("P1")
    text = (
        "date;code_personne;types;lieu;duree_min;intervenant\n"
        "2023-02-30;P1;Relation d'aide;UMIC;30;\n"
        "2023-04-01;P9;Relation d'aide;UMIC;trente;\n"
        "2023-04-01;P1;;UMIC | Parcs;30;Marie Tremblay\n"
    )
    summary = run("interventions", text)
    found = {(row, column): message for row, column, _v, message in errors_of(summary)}
    assert set(found) == {
        (2, "date"),
        (3, "code_personne"),
        (3, "duree_min"),
        (4, "types"),
        (4, "lieu"),
        (4, "intervenant"),
    }
    assert "2023-02-30" in found[(2, "date")]
    assert "P9" in found[(3, "code_personne")]
    assert Intervention.objects.count() == 0


def test_a_missing_required_column_is_an_error_of_the_header_row():
    persons("P1")
    summary = run("interventions", "date;code_personne\n2023-04-01;P1\n")
    assert errors_of(summary) == [
        (
            1,
            "intervention types",
            "",
            "No column of the file is mapped to “intervention types”, which is required.",
        ),
    ]


def test_an_error_on_the_last_row_leaves_everything_untouched():
    persons("P1")
    rows = "".join(f"{i};2023-04-01;P1;Relation d'aide\n" for i in range(1, 3000))
    text = "no;date;code_personne;types\n" + rows + "3000;2023-04-01;P1;Inconnu\n"
    before = (Person.objects.count(), Intervention.objects.count(), Term.objects.count())
    summary = run("interventions", text)
    assert summary.error_count == 1 and summary.errors[0]["row"] == 3001
    after = (Person.objects.count(), Intervention.objects.count(), Term.objects.count())
    assert after == before


def test_a_dry_run_counts_exactly_and_saves_nothing():
    text = "code;genre\nP1;Femme\nP2;Homme\n"
    summary = run("persons", text, dry_run=True)
    assert summary.ok and summary.dry_run and summary.created == 2
    assert Person.objects.count() == 0


def test_importing_the_same_file_again_creates_nothing():
    persons("P1", "P2")
    text = "no;date;code_personne;types\n1;2023-04-01;P1;Médiation\n2;2023-04-01;P2;Médiation\n"
    assert run("interventions", text).created == 2
    again = run("interventions", text)
    assert (again.created, again.existing) == (0, 2)
    assert Intervention.objects.count() == 2
    # A person already there is not created twice either, whether by code or former code.
    Person.objects.filter(code="P2").update(former_codes=["OLD-7"])
    again = run("persons", "code;genre\nP1;Femme\nold-7;Femme\n")
    assert (again.created, again.existing) == (0, 2)


def test_identical_referral_rows_are_distinct_referrals_and_reimport_finds_them():
    persons("P1")
    line = "2023-04-01;P1;sortante;Accueil psychosocial\n"
    text = (
        "date;code_personne;sens;organisme\n"
        + line * 2
        + "2023-04-02;p1;Entrante;accueil PSYCHOSOCIAL\n"
    )
    summary = run("referrals", text)
    assert summary.ok and summary.created == 3 and summary.organizations_created == 1
    organization = Organization.objects.get()
    assert organization.name == "Accueil psychosocial"
    assert not getattr(organization, "public", False)  # off the public directory until completed
    assert sorted(Referral.objects.values_list("direction", flat=True)) == ["in", "out", "out"]
    again = run("referrals", text)
    assert (again.created, again.existing) == (0, 3)
    # The same file with one more identical row: only that one is new.
    more = run("referrals", text + line)
    assert (more.created, more.existing) == (1, 3)


def test_a_person_merged_into_another_receives_the_rows_of_its_old_code():
    persons("P1", "P2")
    kept, absorbed = Person.objects.get(code="P1"), Person.objects.get(code="P2")
    Person.objects.filter(pk=absorbed.pk).update(merged_into=kept)
    summary = run("referrals", "date;code_personne;sens;organisme\n2023-04-01;P2;out;CLSC\n")
    assert summary.ok and Referral.objects.get().person == kept


def test_formulas_are_kept_as_text_and_neutralized_in_the_error_report():
    persons("P1")
    text = (
        "date;code_personne;sens;organisme;motif\n"
        '2023-04-01;P1;sortante;"=HYPERLINK(""http://x"")";+33 6 12\n'
    )
    assert run("referrals", text).ok
    referral = Referral.objects.get()
    assert referral.organization.name == '=HYPERLINK("http://x")'
    assert referral.reason == "+33 6 12"
    bad = run("referrals", "date;code_personne;sens;organisme\n2023-04-01;P1;=1+1;@SUM(A1)\n")
    with translation.override("en"):
        report = report_csv(bad.as_dict()).decode("utf-8-sig").splitlines()
    assert report[0] == "Row;Column;Value;Message"
    assert report[1].startswith("2;sens;'=1+1;")


def test_xlsx_and_windows_1252_files():
    persons("P1")
    book = openpyxl.Workbook()
    book.active.append(["Date", "Code de la personne", "Types", "Lieu"])
    book.active.append([dt.datetime(2023, 4, 1), "P1", "Référence | Médiation", "Écoles"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert run("interventions", buffer.getvalue()).ok
    assert Intervention.objects.get().place.code == "schools"
    cp1252 = "Date;Code de la personne;Types;Lieu\n02/04/2023;P1;Médiation;À domicile\n"
    assert run("interventions", cp1252.encode("cp1252")).ok
    bom = codecs.BOM_UTF8 + cp1252.replace("02/04", "03/04").encode()
    assert run("interventions", bom).ok
    assert Intervention.objects.filter(place__code="home").count() == 2


def test_an_identifier_twice_in_a_file_is_an_error():
    persons("P1")
    text = "no;date;code_personne;types\n7;2023-04-01;P1;Médiation\n7;2023-04-02;P1;Médiation\n"
    assert [(r, c) for r, c, _v, _m in errors_of(run("interventions", text))] == [(3, "no")]


def test_the_number_of_errors_kept_is_capped_but_all_are_counted():
    rows = "".join(f"P{i};Fème\n" for i in range(1500))
    summary = run("persons", "code;genre\n" + rows)
    assert summary.error_count == 1500 and len(summary.errors) == 1000
    with translation.override("en"):
        assert "500 more errors" in report_csv(summary.as_dict()).decode("utf-8-sig")
