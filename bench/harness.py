"""What the benchmarks of bench/ share: progress lines, the machine, a throwaway PostgreSQL
server, fresh databases, and running a worker in a subprocess with its own settings (Django
reads DATABASE_URL once, when it starts)."""

import atexit
import contextlib
import json
import os
import platform
import queue
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
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


# ---------------------------------------------------------------- workers that obey the parent

DONE = "@done"  # the line a worker prints when it has carried out a command


def commands() -> Iterator[list[str]]:
    """In a worker: the parent's commands, one a line on stdin, as words; each is
    acknowledged by a DONE line once the loop body has returned (see Worker)."""
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            return
        yield words
        print(DONE, flush=True)


class Worker:
    """A long-lived child process driven over stdin/stdout: the parent sends a command
    (`generate 10000`, `measure`…), the child prints what it has to say then DONE. Two
    workers can generate at the same time (send to both, then wait for both) and measure
    one after the other, the other one idle (blocked on reading its next command)."""

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], prefix: str = ""
    ) -> None:
        self.name = name
        self.prefix = prefix  # before each line shown, to tell side-by-side workers apart
        self.errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 — closed in close()
        self.process = subprocess.Popen(  # noqa: S603 — the repository's own scripts
            command,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)  # the end of its output

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            pass  # it has died: wait() says so

    def wait(self, show: bool = True) -> list[str]:
        """The lines printed up to DONE (each shown as it arrives when `show`); raises
        WorkerFailed if the worker ends before."""
        found: list[str] = []
        while (line := self.lines.get()) is not None:
            if line == DONE:
                return found
            if show:
                say(f"    {self.prefix}{line.strip()}" if self.prefix else f"    {line}")
            found.append(line)
        self.lines.put(None)
        raise WorkerFailed(f"{self.name}: exit {self.process.wait()}: {self.stderr()[-300:]}")

    def run(self, command: str, show: bool = True) -> list[str]:
        self.send(command)
        return self.wait(show)

    def stderr(self) -> str:
        self.errors.seek(0)
        return self.errors.read().strip()

    def close(self) -> int:
        """Tells it to quit; its exit code."""
        self.send("quit")
        if self.process.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()
        try:
            code = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.reader.join(timeout=5)
        self.errors.close()
        return code


class WorkerFailed(Exception):
    pass


def together(workers: list[Worker], command: str) -> dict[str, list[str] | WorkerFailed]:
    """`command` sent to every worker at once (they run side by side), then each one's
    lines (shown as they come: the progress of both interleaves) or its failure."""
    for worker in workers:
        worker.send(command)
    found: dict[str, list[str] | WorkerFailed] = {}
    for worker in workers:
        try:
            found[worker.name] = worker.wait()
        except WorkerFailed as failure:
            found[worker.name] = failure
    return found


@contextlib.contextmanager
def alone(database: str, server: str | None, limit: float = 120.0) -> Iterator[None]:
    """Around the measurement of `database` while the cluster holds freshly generated data:
    first wait (at most `limit` seconds) until no autovacuum worker is busy; and while
    another database than PostgreSQL is timed, keep autovacuum off on the (throwaway)
    cluster, so that nothing but the measured queries runs on the machine. PostgreSQL's own
    figures are timed with autovacuum on, as a server runs."""
    if server is None:
        yield
        return
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        off = database != "postgresql"
        if off:
            connection.execute("ALTER SYSTEM SET autovacuum = off")
            connection.execute("SELECT pg_reload_conf()")
        try:
            deadline = time.monotonic() + limit
            while time.monotonic() < deadline:
                row = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                ).fetchone()
                if not row or not row[0]:
                    break
                time.sleep(0.5)
            yield
        finally:
            if off:
                connection.execute("ALTER SYSTEM RESET autovacuum")
                connection.execute("SELECT pg_reload_conf()")
