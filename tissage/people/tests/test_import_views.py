"""The import pages: upload, mapping (columns and unknown values), check, import, report."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tissage.people.models import ImportProfile, ImportRun, Person
from tissage.privacy.models import AuditEvent
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def carol(client_for):
    client = client_for("carol")
    client.cookies["django_language"] = "en"
    return client


def upload(client, text: str | bytes, kind: str = "persons", name: str = "personnes.csv", **extra):
    data = text.encode("utf-8") if isinstance(text, str) else text
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("people:import_start"), {"kind": kind, "file": file, **extra})


def last_run() -> ImportRun:
    return ImportRun.objects.latest("created_at")


def proposed(client, run: ImportRun) -> dict[str, str]:
    """The mapping form as the page fills it, hidden fields included."""
    page = client.get(reverse("people:import_mapping", args=[run.pk]))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items()}
    for _label, entries in form.value_rows():
        for _field, hidden, value, _count in entries:
            data[hidden] = value
    return data


def stream(client, url: str, data: dict) -> list[str]:
    response = client.post(url, data, HTTP_X_TISSAGE_STREAM="1")
    assert response.status_code == 200 and response.streaming
    return b"".join(response.streaming_content).decode().splitlines()


def test_a_malformed_file_gives_a_page_with_the_error(carol):
    for data in (bytes(range(256)) * 8, b"", b"PK\x03\x04broken", b"code;code\n1;2\n"):
        response = upload(carol, data)
        assert response.status_code == 200
        assert response.context["form"].errors["file"]
    assert ImportRun.objects.count() == 0


def test_only_person_editors_may_import(client_for):
    assert client_for("frank").get(reverse("people:import_start")).status_code == 403
    assert client_for("erin").get(reverse("people:import_start")).status_code == 403
    assert client_for("dave").get(reverse("people:import_start")).status_code == 200


def test_the_whole_flow_with_an_unknown_value_mapped_to_an_entry(carol, tmp_path):
    response = upload(
        carol, "code;genre;Remarque\nP1;Femme;x\nP2;Fème;y\n", name="../../etc/pass\x00wd.csv"
    )
    run = last_run()
    assert response["Location"] == reverse("people:import_mapping", args=[run.pk])
    assert run.file_name == "passwd.csv"
    assert (tmp_path / "imports" / str(run.pk) / "source.csv").is_file()
    assert run.columns == {"code": "code", "genre": "gender"}

    data = proposed(carol, run)
    assert data["value-gender-0"] == "Fème" and data["val-gender-0"] == ""
    # Left as is, the value is an error of its row and column; nothing is saved.
    lines = stream(carol, reverse("people:import_check", args=[run.pk]), data)
    assert lines[-1] == "error " + reverse("people:import_check", args=[run.pk])
    page = carol.get(reverse("people:import_check", args=[run.pk]))
    assert [(e["row"], e["column"], e["value"]) for e in page.context["errors"]] == [
        (3, "genre", "Fème"),
    ]
    report = carol.get(reverse("people:import_errors", args=[run.pk]))
    assert report["Content-Type"].startswith("text/csv")
    assert report.content.decode("utf-8-sig").splitlines()[1].startswith("3;genre;Fème;")
    assert AuditEvent.objects.filter(action="export", object_type="people.importrun").exists()

    # Mapped to "Femme", it imports.
    data["val-gender-0"] = "woman"
    lines = stream(carol, reverse("people:import_check", args=[run.pk]), data)
    assert lines[-1] == "done " + reverse("people:import_check", args=[run.pk])
    run.refresh_from_db()
    assert run.values == {"gender": {"Fème": "woman"}} and run.summary["created"] == 2
    assert Person.objects.count() == 0  # the check saved nothing
    lines = stream(carol, reverse("people:import_run", args=[run.pk]), {})
    assert lines[-1] == "done " + reverse("people:import_detail", args=[run.pk])
    assert Person.objects.get(code="P2").gender.code == "woman"
    run.refresh_from_db()
    assert run.status == "imported" and run.stored_path == ""
    events = AuditEvent.objects.filter(action="create", object_type="people.importrun")
    assert [(e.object_id, e.fields, e.username) for e in events] == [
        (str(run.pk), ["persons"], "carol"),
    ]
    # Posting again imports nothing more.
    again = carol.post(reverse("people:import_run", args=[run.pk]))
    assert again.status_code == 302 and Person.objects.count() == 2
    assert carol.get(reverse("people:import_detail", args=[run.pk])).status_code == 200


def test_without_javascript_the_forms_post_and_redirect(carol):
    upload(carol, "code;genre\nP1;Nouveau genre\n")
    run = last_run()
    data = proposed(carol, run)
    data["val-gender-0"] = "+"  # create a new entry
    response = carol.post(reverse("people:import_check", args=[run.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:import_check", args=[run.pk])
    assert b"Import 1 row" in carol.get(response["Location"]).content
    response = carol.post(reverse("people:import_run", args=[run.pk]))
    assert response["Location"] == reverse("people:import_detail", args=[run.pk])
    assert Person.objects.get().gender.label_fr == "Nouveau genre"
    assert Term.objects.filter(vocabulary__code="gender", label_fr="Nouveau genre").count() == 1


def test_a_mapping_saved_as_a_profile_serves_the_next_file(carol):
    upload(carol, "Qui;Se décrit comme\nP1;Femme\n")
    run = last_run()
    assert run.columns == {}
    data = proposed(carol, run)
    data.update({"col0": "code", "col1": "gender", "profile_name": "Vieux chiffrier"})
    response = carol.post(reverse("people:import_mapping", args=[run.pk]), data)
    assert response.status_code == 302
    profile = ImportProfile.objects.get(name="Vieux chiffrier")
    assert profile.kind == "persons" and profile.columns == {
        "Qui": "code",
        "Se décrit comme": "gender",
    }
    upload(carol, "Qui;Se décrit comme\nP2;Homme\n", profile=profile.pk)
    assert last_run().columns == {"Qui": "code", "Se décrit comme": "gender"}
    # A profile of another kind is refused.
    response = upload(
        carol, "Qui;Se décrit comme\nP2;Homme\n", kind="referrals", profile=profile.pk
    )
    assert response.status_code == 200 and response.context["form"].errors["profile"]


def test_a_column_chosen_twice_is_refused(carol):
    upload(carol, "code;genre\nP1;Femme\n")
    run = last_run()
    data = proposed(carol, run) | {"col0": "gender", "col1": "gender"}
    response = carol.post(reverse("people:import_check", args=[run.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors


def test_an_excel_file_through_the_pages(carol):
    book = openpyxl.Workbook()
    book.active.append(["Code de la personne", "Genre", "Langue"])
    book.active.append(["P7", "Homme", "Anglais"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload(carol, buffer.getvalue(), name="liste.xlsx")
    run = last_run()
    assert Path(run.stored_path).name == "source.xlsx"
    carol.post(reverse("people:import_check", args=[run.pk]), proposed(carol, run))
    carol.post(reverse("people:import_run", args=[run.pk]))
    assert Person.objects.get(code="P7").language.code == "english"


def test_pages_of_a_missing_run_are_not_found(carol):
    missing = "00000000-0000-0000-0000-000000000000"
    for name in ("import_detail", "import_mapping", "import_check", "import_run", "import_errors"):
        assert carol.get(reverse(f"people:{name}", args=[missing])).status_code == 404
