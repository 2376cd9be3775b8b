"""`tissage import`: profiles, dry runs, failures with their report, whole folders at once."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tissage.people.models import ImportProfile, ImportRun, Intervention, Person, Referral

pytestmark = pytest.mark.django_db


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_profile_is_saved_then_reused(tmp_path):
    # Headers the importer cannot guess: the profile says what they hold.
    first = write(tmp_path, "a.csv", "Qui;Sexe déclaré\nP1;Femme\n")
    ImportProfile.objects.create(
        name="Ancien chiffrier",
        kind="persons",
        columns={"Qui": "code", "Sexe déclaré": "gender"},
        values={"gender": {"F": "woman"}},
    )
    command(
        "--kind", "persons", str(first), "--profile", "Ancien chiffrier", "--save-profile", "Copie"
    )
    assert Person.objects.get(code="P1").gender.code == "woman"
    saved = ImportProfile.objects.get(kind="persons", name="Copie")
    assert saved.columns == {"Qui": "code", "Sexe déclaré": "gender"}
    second = write(tmp_path, "b.csv", "Qui;Sexe déclaré\nP2;F\n")
    command("--kind", "persons", str(second), "--profile", "Copie")
    assert Person.objects.get(code="P2").gender.code == "woman"
    with pytest.raises(CommandError):
        command("--kind", "persons", str(second), "--profile", "Inconnu")


def test_a_failure_exits_with_the_errors_and_a_report(tmp_path):
    path = write(tmp_path, "p.csv", "code;genre\nP1;Femme\nP2;Fème\n")
    report = tmp_path / "erreurs.csv"
    with pytest.raises(CommandError) as caught:
        command("--kind", "persons", str(path), "--report", str(report))
    assert "1 error;" in str(caught.value)
    assert Person.objects.count() == 0
    lines = report.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "Row;Column;Value;Message"
    assert lines[1].startswith("3;genre;Fème;")


def test_create_missing_and_dry_run(tmp_path):
    path = write(tmp_path, "p.csv", "code;genre\nP1;Bispirituel\n")
    out, _err = command("--kind", "persons", str(path), "--create-missing", "--dry-run")
    assert "1 would be created" in out and "Dry run" in out
    assert Person.objects.count() == 0 and ImportRun.objects.count() == 0
    out, _err = command("--kind", "persons", str(path), "--create-missing")
    assert Person.objects.get().gender.label_fr == "Bispirituel"
    assert "New entries in" in out


def test_a_folder_is_imported_whole_or_not_at_all(tmp_path):
    write(tmp_path, "personnes.csv", "code;genre\nP1;Femme\nP2;Homme\n")
    interventions = (
        "no;date;code_personne;types\n1;2023-04-01;P1;Médiation\n2;2023-04-01;P2;Médiation\n"
    )
    write(tmp_path, "interventions.csv", interventions)
    write(
        tmp_path, "references.csv", "date;code_personne;sens;organisme\n2023-04-01;P1;vers;CLSC\n"
    )
    # The dry run of a folder sees the persons of its first file.
    out, _err = command("--dataset", str(tmp_path), "--dry-run")
    assert "Interventions: 2 would be created" in out
    assert Person.objects.count() == 0
    # A bad last file: nothing of the folder is saved.
    write(tmp_path, "references.csv", "date;code_personne;sens;organisme\n2023-04-01;P1;où?;CLSC\n")
    with pytest.raises(CommandError):
        command("--dataset", str(tmp_path))
    assert (Person.objects.count(), Intervention.objects.count(), Referral.objects.count()) == (
        0,
        0,
        0,
    )
    write(tmp_path, "references.csv", "date;code_personne;sens;organisme\n2023-04-01;P1;out;CLSC\n")
    command("--dataset", str(tmp_path))
    assert (Person.objects.count(), Intervention.objects.count(), Referral.objects.count()) == (
        2,
        2,
        1,
    )


def test_unreadable_and_missing_files(tmp_path):
    path = tmp_path / "binaire.csv"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(CommandError):
        command("--kind", "persons", str(path))
    with pytest.raises(CommandError):
        command("--kind", "persons", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError):
        command(str(path))  # no --kind
    with pytest.raises(CommandError):
        command("--dataset", str(tmp_path / "nowhere"))
