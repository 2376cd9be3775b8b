"""The acceptance dataset, through the command and through the pages: exact counts, every
type, problem area and place preserved, and a second import that creates nothing."""

import csv
import io
import re
import time
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from tissage.accounts.models import User
from tissage.directory.models import Organization
from tissage.people.models import ImportRun, Intervention, Person, Referral
from tissage.privacy.models import AuditEvent

DATASET = Path(__file__).resolve().parents[2] / "testdata" / "outreach-2023-24"
FILES = {
    "persons": "personnes.csv",
    "interventions": "interventions.csv",
    "referrals": "references.csv",
}


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def _rows(name: str) -> list[dict[str, str]]:
    with (DATASET / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


@cache
def expected() -> dict[str, Counter]:
    """Counts per label computed from the raw files, independently of the importer."""
    persons, interventions, referrals = (_rows(FILES[k]) for k in FILES)
    found: dict[str, Counter] = {
        "types": Counter(),
        "problems": Counter(),
        "places": Counter(),
        "gender": Counter(),
        "age": Counter(),
        "language": Counter(),
        "town": Counter(),
    }
    for row in interventions:
        found["types"].update(part.strip() for part in row["types"].split("|"))
        found["problems"].update(p.strip() for p in row["problematiques"].split("|") if p.strip())
        found["places"][row["lieu"]] += 1
    for row in persons:
        found["gender"][row["genre"]] += 1
        found["age"][row["groupe_age"]] += 1
        found["language"][row["langue"]] += 1
        found["town"][row["municipalite"]] += 1
    found["direction"] = Counter(row["sens"] for row in referrals)
    found["organizations"] = Counter(row["organisme"] for row in referrals)
    found["totals"] = Counter(
        {"persons": len(persons), "interventions": len(interventions), "referrals": len(referrals)}
    )
    return found


def _by_label(through, field: str) -> Counter:
    rows = through.objects.values(f"{field}__label_fr").annotate(n=Count("pk"))
    return Counter({row[f"{field}__label_fr"]: row["n"] for row in rows})


def _person_counter(field: str) -> Counter:
    rows = Person.objects.values(f"{field}__label_fr").annotate(n=Count("pk"))
    return Counter({row[f"{field}__label_fr"]: row["n"] for row in rows})


def assert_dataset_preserved() -> None:
    want = expected()
    assert want["totals"] == {"persons": 2155, "interventions": 37663, "referrals": 858}
    assert Person.objects.count() == 2155
    assert Intervention.objects.count() == 37663
    assert Referral.objects.count() == 858
    assert _by_label(Intervention.types.through, "term") == want["types"]
    assert _by_label(Intervention.problems.through, "term") == want["problems"]
    places = Intervention.objects.values("place__label_fr").annotate(n=Count("pk"))
    assert Counter({row["place__label_fr"]: row["n"] for row in places}) == want["places"]
    assert _person_counter("gender") == want["gender"]
    assert _person_counter("age_group") == want["age"]
    assert _person_counter("language") == want["language"]
    assert _person_counter("municipality") == want["town"]
    directions = Counter(Referral.objects.values_list("direction", flat=True))
    assert directions == {"out": want["direction"]["sortante"], "in": want["direction"]["entrante"]}
    organizations = Referral.objects.values("organization__name").annotate(n=Count("pk"))
    assert {r["organization__name"]: r["n"] for r in organizations} == want["organizations"]
    # Every intervention has its person and its worker, as in the file.
    assert Intervention.persons.through.objects.count() == 37663
    assert Intervention.workers.through.objects.count() == 37663
    codes = dict(
        Intervention.objects.filter(import_key="interventions:2").values_list(
            "persons__code", "workers__username"
        )
    )
    assert codes == {"P00141": "INT-02"}


def _command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_dataset_through_the_command_then_again(users):
    started = time.perf_counter()
    out, err = _command("--dataset", str(DATASET), "--user", "alice")
    first = time.perf_counter() - started
    assert_dataset_preserved()
    assert "Interventions: 37,663 created, 0 already imported." in out
    assert "100 %" in err  # the progress bar went to its end
    workers = User.objects.filter(username__startswith="INT-")
    assert workers.count() == 10 and not workers.filter(is_active=True).exists()
    assert not any(worker.has_usable_password() for worker in workers)
    assert Organization.objects.count() == len(expected()["organizations"])
    assert ImportRun.objects.filter(status="imported").count() == 3
    events = AuditEvent.objects.filter(object_type="people.importrun", action="create")
    assert sorted(event.fields[0] for event in events) == ["interventions", "persons", "referrals"]

    started = time.perf_counter()
    out, _err = _command("--dataset", str(DATASET))
    again = time.perf_counter() - started
    assert out.count("nothing was created") == 3
    assert "Interventions: 0 created, 37,663 already imported." in out
    assert_dataset_preserved()
    assert User.objects.filter(username__startswith="INT-").count() == 10
    print(f"dataset through the command: {first:.1f} s, again: {again:.1f} s")


def _stream(client, url: str, data: dict) -> list[str]:
    response = client.post(url, data, HTTP_X_TISSAGE_STREAM="1")
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode().splitlines()


def _browser_import(client, kind: str) -> ImportRun:
    """Upload, accept the columns the page proposes, check, import: as a person would."""
    with (DATASET / FILES[kind]).open("rb") as handle:
        upload = SimpleUploadedFile(FILES[kind], handle.read(), content_type="text/csv")
    response = client.post(reverse("people:import_start"), {"kind": kind, "file": upload})
    assert response.status_code == 302, response.content[:2000]
    run = ImportRun.objects.get(pk=re.search(r"([0-9a-f-]{36})", response["Location"]).group(1))
    page = client.get(response["Location"])
    assert page.status_code == 200
    form = page.context["form"]
    proposed = {name: field.initial or "" for name, field in form.fields.items()}
    lines = _stream(client, reverse("people:import_check", args=[run.pk]), proposed)
    assert lines[-1] == "done " + reverse("people:import_check", args=[run.pk])
    assert lines[0].startswith("progress ")
    check = client.get(reverse("people:import_check", args=[run.pk]))
    assert check.status_code == 200
    run.refresh_from_db()
    assert run.summary["error_count"] == 0 and run.summary["dry_run"]
    if run.summary["created"]:
        lines = _stream(client, reverse("people:import_run", args=[run.pk]), {})
        assert lines[-1] == "done " + reverse("people:import_detail", args=[run.pk])
        assert client.get(reverse("people:import_detail", args=[run.pk])).status_code == 200
    run.refresh_from_db()
    return run


@pytest.mark.django_db
def test_the_dataset_through_the_pages_then_again(client_for):
    client = client_for("carol")
    started = time.perf_counter()
    runs = {kind: _browser_import(client, kind) for kind in FILES}
    elapsed = time.perf_counter() - started
    assert {kind: run.status for kind, run in runs.items()} == dict.fromkeys(FILES, "imported")
    assert runs["interventions"].summary["created"] == 37663
    assert_dataset_preserved()
    assert not any(Path(run.stored_path).name for run in runs.values())  # uploads deleted

    again = {kind: _browser_import(client, kind) for kind in FILES}
    for kind, run in again.items():
        assert run.status == "checked"
        assert run.summary["created"] == 0
        assert run.summary["existing"] == expected()["totals"][kind]
    client.cookies["django_language"] = "en"
    page = client.get(reverse("people:import_check", args=[again["interventions"].pk]))
    assert b"already imported: nothing was created" in page.content
    assert (
        reverse("people:import_run", args=[again["interventions"].pk]).encode() not in page.content
    )
    assert_dataset_preserved()
    print(f"dataset through the pages: {elapsed:.1f} s")
