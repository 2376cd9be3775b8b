"""The activities import: problems named by row and column, all or nothing, dry runs, XLSX,
optional columns, the error report, the command."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tissage.activities import importing
from tissage.activities.models import Activity, Registration, Session
from tissage.directory.models import Organization

pytestmark = pytest.mark.django_db

HEADER = "date;type;titre;participants\n"


def run(text: str, **options) -> importing.Summary:
    return importing.run_file(text.encode("utf-8"), "activites.csv", **options)


def where(summary: importing.Summary) -> list[tuple[int | None, str]]:
    return [(error["row"], error["column"]) for error in summary.errors]


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written():
    summary = run(
        HEADER
        + "2023-04-01;Animation avec un partenaire;Café;12\n"  # row 2: fine
        + "2023-13-01;Animation avec un partenaire;Café;12\n"  # row 3: no 13th month
        + "2023-04-03;Tricot;Café;12\n"  # row 4: not a kind of activity
        + "2023-04-04;Événement public;;5\n"  # row 5: no title
        + "2023-04-05;Événement public;Fête;-3\n"  # row 6: negative count
        + "2023-04-06;Événement public;Fête;beaucoup\n"  # row 7: not a number
    )
    assert not summary.ok
    assert where(summary) == [
        (3, "date"),
        (4, "type"),
        (5, "titre"),
        (6, "participants"),
        (7, "participants"),
    ]
    assert summary.errors[1]["value"] == "Tricot"
    assert summary.activities_created == summary.sessions_created == 0
    assert not Session.objects.exists() and not Activity.objects.exists()


def test_missing_required_columns_are_errors_of_the_header_row():
    summary = run("jour;participants\n2023-04-01;3\n")
    assert [(e["row"], e["params"]["field"]) for e in summary.errors] == [
        (1, "kind"),
        (1, "title"),
    ]
    assert not Session.objects.exists()


def test_messages_are_translated_when_shown_and_the_report_is_a_csv():
    summary = run(HEADER + "2023-04-01;Tricot;Café;12\n").as_dict()
    shown = importing.render_errors(summary)
    assert shown[0]["row"] == 2 and shown[0]["column"] == "type"
    assert "Tricot" in shown[0]["message"] and "Atelier" in shown[0]["message"]
    report = importing.report_csv(summary).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(report), delimiter=";"))
    assert rows[1][:3] == ["2", "type", "Tricot"]


def test_a_dry_run_counts_exactly_and_saves_nothing():
    text = HEADER + "2023-04-01;Atelier;Budget;8\n2023-04-08;Atelier;Budget;9\n"
    dry = run(text, dry_run=True)
    assert (dry.activities_created, dry.sessions_created) == (1, 2)
    assert not Session.objects.exists()
    real = run(text)
    assert (real.activities_created, real.sessions_created) == (1, 2)
    assert Activity.objects.get().sessions.count() == 2


def test_identical_rows_are_two_sessions_and_a_second_import_adds_none():
    text = HEADER + "2023-04-01;Atelier;Budget;8\n2023-04-01;Atelier;Budget;8\n"
    assert run(text).sessions_created == 2
    again = run(text)
    assert (again.sessions_created, again.existing) == (0, 2)
    # A later file that repeats the first row once and adds a third: only the new one comes in.
    more = run(text + "2023-04-01;Atelier;Budget;8\n")
    assert (more.sessions_created, more.existing) == (1, 2)
    assert Session.objects.count() == 3


def test_kinds_match_without_accents_or_case_and_rows_join_an_existing_activity():
    run(HEADER + "2023-04-01;Atelier;Budget;8\n")
    summary = run(HEADER + "2023-05-01;ATELIER;budget ;6\n2023-05-02;evenement public;Fête;30\n")
    assert summary.ok, summary.errors
    assert summary.activities_created == 1  # "Fête"; "budget" is the existing "Budget"
    assert Activity.objects.get(title="Budget").sessions.count() == 2


def test_optional_columns_eligible_registrations_partners_project():
    header = [
        "Date", "Type d'activité", "Titre", "Participants", "Admissibles", "Inscriptions",
        "Partenaires", "Projet", "Lieu", "Heure", "Note",
    ]  # fmt: skip
    row = "01/04/2023;Atelier;Budget;8;5;10;CLSC de Magog | Maison de la famille;PASI;Local;13h30;x"
    text = ";".join(header) + "\n" + row + "\n"
    summary = run(text)
    assert summary.ok, summary.errors
    assert summary.ignored_columns == ["Note"]
    assert summary.organizations_created == 2
    activity = Activity.objects.get()
    assert activity.project == "PASI" and activity.place == "Local"
    assert sorted(activity.partners.values_list("name", flat=True)) == [
        "CLSC de Magog",
        "Maison de la famille",
    ]
    session = activity.sessions.get()
    assert (session.date, session.participants, session.eligible) == (date(2023, 4, 1), 8, 5)
    assert session.start_time.hour == 13 and session.start_time.minute == 30
    assert Registration.objects.get().places == 10
    # Known organizations are found again, not duplicated.
    run(text.replace("Budget", "Cuisine"))
    assert Organization.objects.count() == 2


def test_more_eligible_than_participants_is_an_error():
    summary = run("date;type;titre;participants;admissibles\n2023-04-01;Atelier;Budget;3;4\n")
    assert where(summary) == [(2, "admissibles")]


def test_an_xlsx_file_imports_like_a_csv():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "type", "titre", "participants"])
    sheet.append([date(2023, 4, 1), "Événement public", "Sunfest", 9])
    buffer = io.BytesIO()
    book.save(buffer)
    summary = importing.run_file(buffer.getvalue(), "activites.xlsx")
    assert summary.ok, summary.errors
    assert Session.objects.get().participants == 9


def test_an_unreadable_file_is_one_error():
    summary = importing.run_file(b"\x00\x01\x02" * 50, "x.csv")
    assert summary.error_count == 1 and not summary.ok


def test_the_command_fails_with_row_and_column_and_writes_the_report(tmp_path):
    source = tmp_path / "a.csv"
    source.write_text(HEADER + "2023-04-01;Tricot;Café;12\n", encoding="utf-8")
    report = tmp_path / "errors.csv"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_activities", str(source), "--report", str(report), stderr=err)
    assert "2" in err.getvalue() and "type" in err.getvalue()
    assert "Tricot" in report.read_text(encoding="utf-8-sig")


def test_the_command_dry_run_saves_nothing(tmp_path):
    source = tmp_path / "a.csv"
    source.write_text(HEADER + "2023-04-01;Atelier;Budget;8\n", encoding="utf-8")
    call_command("import_activities", str(source), "--dry-run", stdout=io.StringIO())
    assert not Session.objects.exists()
