"""Backups and restores: one archive (tar.gz) holding the database and a manifest.

SQLite: a consistent copy through sqlite3's online backup API. PostgreSQL: `pg_dump -Fc`
(restored with `pg_restore --clean`); without the PostgreSQL client the backup is refused (a
JSON dump would lose the microseconds the audit chain is hashed with). The manifest records the
application version, the applied migrations, the database vendor and major version, the date
and the checksum of the payload; a restore refuses an archive whose manifest does not match.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

PG_BIN_DIRS = [
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
]


class BackupError(Exception):
    pass


def app_version() -> str:
    try:
        return metadata.version("tissage")
    except metadata.PackageNotFoundError:
        return "0"


def vendor_version() -> tuple[str, int]:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return "sqlite", sqlite3.sqlite_version_info[0]
    if connection.vendor == "postgresql":
        return "postgresql", connection.pg_version // 10000
    return connection.vendor, 0


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _pg_tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in PG_BIN_DIRS:
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    return None


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    env.update(
        {
            "PGHOST": str(settings.get("HOST") or ""),
            "PGPORT": str(settings.get("PORT") or ""),
            "PGUSER": str(settings.get("USER") or ""),
            "PGDATABASE": str(settings["NAME"]),
        }
    )
    return {key: value for key, value in env.items() if value}


def dump_payload(folder: Path) -> tuple[Path, str]:
    """Write the database to `folder`; returns the file and its format."""
    vendor, _major = vendor_version()
    if vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return target, "sqlite3-backup"
    if vendor != "postgresql":
        raise BackupError(f"no backup method for a {vendor} database")
    pg_dump = _pg_tool("pg_dump")
    if not pg_dump:
        # No portable fallback: a JSON dump (dumpdata) loses the microseconds of every
        # moment, so the audit trail's hash chain would read as broken after a restore, and
        # loading it re-creates link rows and audit events. Better no backup than a wrong one.
        raise BackupError(
            "pg_dump is not installed: install the PostgreSQL client (postgresql-client) "
            "of the server's major version"
        )
    target = folder / "database.pgdump"
    command = [pg_dump, "-Fc", "--no-owner", "-f", str(target)]
    subprocess.run(command, env=_pg_env(), check=True, capture_output=True)  # noqa: S603
    return target, "pg_dump-custom"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for chunk in iter(lambda: data.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    vendor, major = vendor_version()
    with tempfile.TemporaryDirectory() as tmp:
        payload, kind = dump_payload(Path(tmp))
        manifest = {
            "application": "tissage",
            "version": app_version(),
            "created": now.isoformat(),
            "database": {"vendor": vendor, "major_version": major},
            "format": kind,
            "payload": payload.name,
            "sha256": sha256(payload),
            "migrations": applied_migrations(),
        }
        archive = out_dir / f"tissage-{now:%Y%m%d-%H%M%S}.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(payload, arcname=payload.name)
    return archive


def read_archive(archive: Path, folder: Path) -> tuple[dict[str, Any], Path]:
    with tarfile.open(archive, "r:gz") as tar:
        names = set(tar.getnames())
        if "manifest.json" not in names:
            raise BackupError("not a Tissage backup: no manifest.json")
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        payload_name = manifest.get("payload", "")
        if payload_name not in names or "/" in payload_name or payload_name.startswith("."):
            raise BackupError("the archive has no payload file")
        tar.extract(payload_name, folder, filter="data")
    payload = folder / payload_name
    if sha256(payload) != manifest.get("sha256"):
        raise BackupError("checksum mismatch: the archive is damaged")
    return manifest, payload


def check_manifest(manifest: dict[str, Any]) -> None:
    """Refuse a backup from another version, another database, or other migrations."""
    problems = []
    if manifest.get("application") != "tissage":
        problems.append("not a Tissage backup")
    if manifest.get("version") != app_version():
        problems.append(f"version {manifest.get('version')} ≠ {app_version()}")
    vendor, major = vendor_version()
    database = manifest.get("database", {})
    if database.get("vendor") != vendor or database.get("major_version") != major:
        problems.append(f"database {database} ≠ {vendor} {major}")
    if set(manifest.get("migrations", [])) != known_migrations():
        problems.append("the migrations differ from this version's")
    if problems:
        raise BackupError("; ".join(problems))


def restore(archive: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        manifest, payload = read_archive(archive, Path(tmp))
        check_manifest(manifest)
        kind = manifest["format"]
        if kind == "sqlite3-backup":
            source = sqlite3.connect(payload)
            connection.ensure_connection()
            with source:
                source.backup(connection.connection)
            source.close()
        elif kind == "pg_dump-custom":
            pg_restore = _pg_tool("pg_restore")
            if not pg_restore:
                raise BackupError("pg_restore is not installed")
            command = [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "-d",
                _pg_env()["PGDATABASE"],
                str(payload),
            ]
            connection.close()
            subprocess.run(command, env=_pg_env(), check=True, capture_output=True)  # noqa: S603
        else:
            raise BackupError(f"unknown format {kind}")
    return manifest
