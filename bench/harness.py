"""What the benchmarks of bench/ share: progress lines, the machine, a throwaway PostgreSQL
server, fresh databases, and running a worker in a subprocess with its own settings (Django
reads DATABASE_URL once, when it starts)."""

import atexit
import contextlib
import json
import os
import platform
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATABASES = ("sqlite", "postgresql")


def say(text: str) -> None:
    print(text, flush=True)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def setup_django() -> None:
    """In a worker: Django with the environment's DATABASE_URL and TISSAGE_DATA_DIR."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "tissage.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def machine(server: str | None = None) -> dict[str, str]:
    """CPU, cores, RAM, OS, Python, SQLite and (given a server URL) PostgreSQL versions."""

    def first(path: str, prefix: str) -> str:
        try:
            lines = Path(path).read_text().splitlines()
        except OSError:
            return "?"
        return next(
            (line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "?"
        )

    memory = first("/proc/meminfo", "MemTotal")
    info = {
        "cpus": str(os.cpu_count()),
        "cpu": first("/proc/cpuinfo", "model name"),
        "ram": f"{int(memory.split()[0]) / 1024**2:.0f} GiB" if memory != "?" else "?",
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": "—",
    }
    if server:
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            version = connection.execute("SHOW server_version").fetchone()
            info["postgresql"] = str(version[0]) if version else "?"
    return info


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def postgresql_server() -> Iterator[str]:
    """A throwaway cluster (scripts/pg-throwaway: fsync off); yields postgres://…:port
    without a database name, and stops and removes the cluster afterwards."""
    directory = tempfile.mkdtemp(prefix="tissage-bench-pg-")
    script = str(ROOT / "scripts" / "pg-throwaway")
    try:
        started = subprocess.run(  # noqa: S603 — the repository's own script
            [script, "start", directory, str(free_port())],
            check=True,
            capture_output=True,
            text=True,
        )
        yield started.stdout.strip().splitlines()[-1].rsplit("/", 1)[0]
    finally:
        subprocess.run([script, "stop", directory], check=False)  # noqa: S603
        shutil.rmtree(directory, ignore_errors=True)


SQLITE_FILE = "tissage.sqlite3"  # the database a data folder holds when DATABASE_URL is unset
TEMPLATE = "bench_template"
_templates: dict[tuple[str, str | None], str] = {}


def migrated_template(database: str, server: str | None) -> str:
    """A database migrated once per run (its name on the server, or a SQLite file) that
    each fresh database copies: `migrate` then has nothing left to do (about 15 s saved per
    fresh database; a benchmark makes a dozen)."""
    key = (database, server)
    if key in _templates:
        return _templates[key]
    directory = tempfile.mkdtemp(prefix="tissage-bench-template-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    env = {**os.environ, "TISSAGE_DATA_DIR": directory}
    env.pop("DATABASE_URL", None)
    if database == "postgresql":
        if server is None:
            raise SystemExit("PostgreSQL needs a server")
        _admin(server, f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        _admin(server, f"CREATE DATABASE {TEMPLATE}")
        env["DATABASE_URL"] = f"{server}/{TEMPLATE}"
        found = TEMPLATE
    else:
        found = str(Path(directory) / SQLITE_FILE)
    manage = [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"]
    subprocess.run(manage, env=env, check=True)  # noqa: S603 — the repository's own command
    _templates[key] = found
    return found


def copy_template(database: str, server: str | None, name: str, directory: str) -> None:
    """Database `name` (PostgreSQL) or the data folder's SQLite file, as the migrated
    template holds it."""
    template = migrated_template(database, server)
    if database == "postgresql":
        _admin(server or "", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin(server or "", f"CREATE DATABASE {name} TEMPLATE {template}")
        return
    source = sqlite3.connect(template)
    copy = sqlite3.connect(Path(directory) / SQLITE_FILE)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


@contextlib.contextmanager
def fresh_database(database: str, name: str, server: str | None) -> Iterator[dict[str, str]]:
    """The environment of a worker with a database of its own, migrated and empty: a SQLite
    file in a temporary data folder, or `name` on the PostgreSQL server (dropped afterwards)."""
    if database not in DATABASES:
        raise SystemExit(f"unknown database {database!r}")
    if database == "postgresql" and server is None:
        raise SystemExit("PostgreSQL needs a server")
    directory = tempfile.mkdtemp(prefix=f"tissage-bench-{name}-")
    env = {**os.environ, "TISSAGE_DATA_DIR": directory}
    env.pop("DATABASE_URL", None)
    copy_template(database, server, name, directory)
    if database == "postgresql":
        env["DATABASE_URL"] = f"{server}/{name}"
    try:
        yield env
    finally:
        if database == "postgresql" and server is not None:
            _admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(directory, ignore_errors=True)


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def run_worker(script: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run `script --worker-result FILE args…` in a subprocess; its JSON result, or
    {"error": …} when it failed."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    try:
        command = [sys.executable, script, *args, "--worker-result", str(result)]
        code = subprocess.call(command, env=env)  # noqa: S603 — our own scripts
        if code != 0:
            return {"error": f"exit {code}"}
        return json.loads(result.read_text() or "{}")
    finally:
        result.unlink(missing_ok=True)


def write_result(path: str, result: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(result))


class Clock:
    """Seconds since it was made, for progress lines."""

    def __init__(self) -> None:
        self.begun = time.perf_counter()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self.begun:5.0f} s"
