"""Backups: what the manifest records, and each way of dumping a database.

test_backup.py restores a backup into an emptied database and compares every table; here, the
manifest holds the application version, the applied migrations and the database's vendor and
major version; without the PostgreSQL client there is no backup rather than a lossy one.
"""

import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tissage.accounts import backup as backups
from tissage.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_the_manifest_names_the_version_the_migrations_and_the_database(users, tmp_path):
    manifest = _manifest(backups.backup(tmp_path))
    assert manifest["application"] == "tissage"
    assert manifest["version"] == backups.app_version()
    assert set(manifest["migrations"]) == set(backups.applied_migrations())
    assert "privacy.0001_initial" in manifest["migrations"]
    database = manifest["database"]
    if connection.vendor == "sqlite":
        assert database == {"vendor": "sqlite", "major_version": sqlite3.sqlite_version_info[0]}
        assert manifest["format"] == "sqlite3-backup"
    else:
        assert database == {"vendor": "postgresql", "major_version": connection.pg_version // 10000}
        expected = "pg_dump-custom" if backups._pg_tool("pg_dump") else "json-dumpdata"
        assert manifest["format"] == expected


def test_without_the_postgresql_client_there_is_no_backup_rather_than_a_wrong_one(
    users, tmp_path, monkeypatch
):
    """A JSON dump would lose the microseconds of the audit trail's moments (its chain would
    read as broken after a restore): without pg_dump, the backup is refused, plainly."""
    monkeypatch.setattr(backups, "vendor_version", lambda: ("postgresql", 16))
    monkeypatch.setattr(backups, "_pg_tool", lambda name: None)
    with pytest.raises(CommandError, match="pg_dump is not installed"):
        call_command("backup", "--out", str(tmp_path), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []


def test_an_archive_of_an_unknown_format_is_refused(users, tmp_path, monkeypatch):
    archive = backups.backup(tmp_path)
    with tarfile.open(archive) as tar:
        manifest = _manifest(archive)
        payload = tar.extractfile(manifest["payload"]).read()
    manifest["format"] = "json-dumpdata"
    manifest["sha256"] = hashlib.sha256(payload).hexdigest()
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        for name, data in [
            ("manifest.json", json.dumps(manifest).encode()),
            (manifest["payload"], payload),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    Person.objects.create(code="BKF01")
    with pytest.raises(backups.BackupError, match="unknown format"):
        backups.restore(other)
    assert Person.objects.filter(code="BKF01").exists()
