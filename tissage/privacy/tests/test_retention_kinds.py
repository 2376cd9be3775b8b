"""Retention per kind of record: intervention notes, referral notes, imported files.

(The files themselves, anonymized or deleted, are tested in test_law25.py.) For each kind: a
dry run reports what would happen and changes nothing; the real run does it, to old records
only, reports it, and writes one audit event with the count, never the content.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tissage.people.models import ImportRun, Intervention, Referral
from tissage.privacy.models import AuditEvent, RetentionRule

pytestmark = pytest.mark.django_db

OLD = datetime.date(2012, 1, 1)


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_intervention_notes_are_blanked_after_their_period(files):
    old = files["intervention"]
    Intervention.objects.filter(pk=old.pk).update(date=OLD)
    recent = Intervention.objects.create(date=datetime.date.today(), notes="Notes-recentes")
    RetentionRule.objects.create(kind=RetentionRule.Kind.INTERVENTIONS, years=5)
    report = _run("--dry-run")
    assert "interventions: 1 record(s) would be anonymized (5 years" in report
    assert Intervention.objects.get(pk=old.pk).notes == old.notes
    assert not AuditEvent.objects.filter(object_type__startswith="retention.").exists()

    assert "interventions: 1 record(s) were anonymized" in _run()
    kept = Intervention.objects.get(pk=old.pk)
    assert kept.notes == "" and kept.persons.filter(pk=files["rue"].pk).exists()
    assert Intervention.objects.get(pk=recent.pk).notes == "Notes-recentes"
    event = AuditEvent.objects.get(object_type="retention.interventions")
    assert (event.object_id, event.fields) == ("1", ["anonymize"])
    assert "interventions: 0 record(s)" in _run()  # done once, not again


def test_old_interventions_can_be_deleted(files):
    Intervention.objects.filter(pk=files["intervention"].pk).update(date=OLD)
    RetentionRule.objects.create(kind=RetentionRule.Kind.INTERVENTIONS, years=5, action="delete")
    _run()
    assert not Intervention.objects.filter(pk=files["intervention"].pk).exists()
    assert Intervention.objects.filter(pk=files["sealed_intervention"].pk).exists()


def test_referral_notes_and_reasons_are_blanked_after_their_period(files):
    referral = files["referral"]
    Referral.objects.filter(pk=referral.pk).update(date=OLD, notes="Notes-reference")
    RetentionRule.objects.create(kind=RetentionRule.Kind.REFERRALS, years=7)
    assert "referrals: 1 record(s) would be anonymized" in _run("--dry-run")
    assert Referral.objects.get(pk=referral.pk).reason == "Logement"
    _run()
    kept = Referral.objects.get(pk=referral.pk)
    assert (kept.notes, kept.reason) == ("", "")
    assert kept.organization_id == referral.organization_id  # the statistics keep it
    assert AuditEvent.objects.filter(object_type="retention.referrals", object_id="1").exists()


def test_imported_files_are_removed_with_their_rows(users, tmp_path: Path):
    stored = tmp_path / "import.csv"
    stored.write_text("code,alias\nP1,Zéphyrine\n", encoding="utf-8")
    kept_file = tmp_path / "recent.csv"
    kept_file.write_text("code\n", encoding="utf-8")
    old = ImportRun.objects.create(
        kind="persons",
        file_name="import.csv",
        stored_path=str(stored),
        created_at=datetime.datetime(2012, 1, 1, tzinfo=datetime.UTC),
    )
    recent = ImportRun.objects.create(
        kind="persons", file_name="recent.csv", stored_path=str(kept_file)
    )
    RetentionRule.objects.create(kind=RetentionRule.Kind.IMPORT_FILES, years=1)
    assert "import_files: 1 record(s) would be" in _run("--dry-run")
    assert stored.exists()
    _run()
    assert not stored.exists() and not ImportRun.objects.filter(pk=old.pk).exists()
    assert kept_file.exists() and ImportRun.objects.filter(pk=recent.pk).exists()
    assert AuditEvent.objects.filter(object_type="retention.import_files").exists()


def test_without_a_rule_nothing_is_destroyed(files):
    Intervention.objects.filter(pk=files["intervention"].pk).update(date=OLD)
    assert "no retention rule: nothing to do" in _run()
    assert Intervention.objects.get(pk=files["intervention"].pk).notes
