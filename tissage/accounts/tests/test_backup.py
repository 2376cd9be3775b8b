"""Backup and restore: a round trip into an emptied database gives back every table."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tissage.accounts import backup as backups
from tissage.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def table_fingerprints() -> dict[str, tuple[int, str]]:
    """Row count and a hash of the content of every table."""
    found = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            found[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return found


def test_round_trip_into_an_empty_database(users, tmp_path: Path) -> None:
    Person.objects.create(code="BK001", alias="Sauvegarde")
    before = table_fingerprints()
    assert before[Person._meta.db_table][0] == 1
    out = io.StringIO()
    call_command("backup", "--out", str(tmp_path), stdout=out)
    archive = Path(out.getvalue().strip())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert "people.0001_initial" in manifest["migrations"]
    assert len(manifest["sha256"]) == 64
    call_command("flush", "--noinput")
    assert Person.objects.count() == 0
    call_command("restore", str(archive), stdout=io.StringIO())
    connection.close()
    assert table_fingerprints() == before


def _tampered(archive: Path, tmp_path: Path, **changes) -> Path:
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        payload_name = manifest["payload"]
        payload = tar.extractfile(payload_name).read()
    manifest.update(changes)
    target = tmp_path / "tampered.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        for name, data in [
            ("manifest.json", json.dumps(manifest).encode()),
            (payload_name, payload),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return target


def test_a_mismatched_manifest_is_refused(users, tmp_path: Path) -> None:
    archive = backups.backup(tmp_path)
    Person.objects.create(code="BK002")
    for changes in (
        {"version": "0.0.0-other"},
        {"migrations": ["people.9999_future"]},
        {"database": {"vendor": "oracle", "major_version": 1}},
        {"sha256": "0" * 64},
    ):
        with pytest.raises(backups.BackupError):
            backups.restore(_tampered(archive, tmp_path, **changes))
    assert Person.objects.filter(code="BK002").exists()  # nothing was touched
