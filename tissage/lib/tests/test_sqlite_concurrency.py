"""Two processes writing one SQLite file: a transaction that reads then writes (the audit
trail reads the last hash, then appends) must wait for the other writer, not fail with
"database is locked". tissage/lib/databases.py opens SQLite transactions IMMEDIATE."""

import threading
from pathlib import Path

import pytest
from django.db import connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.transaction import atomic

from tissage.lib.databases import databases_from_env


def _connect(settings: dict, alias: str) -> DatabaseWrapper:
    """A connection of this thread under `alias`, as Django opens one for a worker."""
    config = {**settings, "TIME_ZONE": None, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False}
    config.setdefault("TEST", {})
    connections.settings[alias] = config
    connections[alias] = DatabaseWrapper(config, alias)
    return connections[alias]


def _append_after_reading(alias: str, settings: dict, read: threading.Event, go: threading.Event):
    db = _connect(settings, alias)
    try:
        with atomic(using=alias, savepoint=False), db.cursor() as cursor:
            cursor.execute("SELECT max(n) FROM chain")  # read the last link…
            last = cursor.fetchone()[0] or 0
            read.set()
            go.wait(5)  # …while the other writer tries to get in…
            cursor.execute("INSERT INTO chain (n) VALUES (%s)", [last + 1])  # …then append
    finally:
        db.close()


def _chain(settings: dict) -> list[int]:
    """Two read-then-append transactions, the second starting while the first holds its read."""
    setup = _connect(settings, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE chain (n integer UNIQUE)")
    first_read, go, errors = threading.Event(), threading.Event(), []

    def run(alias: str, read: threading.Event, wait: threading.Event) -> None:
        try:
            _append_after_reading(alias, settings, read, wait)
        except Exception as error:
            errors.append(str(error))
        finally:
            go.set()

    first = threading.Thread(target=run, args=("first", first_read, go))
    first.start()
    first_read.wait(5)
    threading.Timer(0.3, go.set).start()  # let the first append once the second is waiting
    no_wait = threading.Event()
    no_wait.set()
    second = threading.Thread(target=run, args=("second", threading.Event(), no_wait))
    second.start()
    for thread in (first, second):
        thread.join(30)
    try:
        assert not errors, errors
        with setup.cursor() as cursor:
            cursor.execute("SELECT n FROM chain ORDER BY n")
            return [row[0] for row in cursor.fetchall()]
    finally:
        setup.close()
        for alias in ("setup", "first", "second"):
            connections.settings.pop(alias, None)


def test_a_read_then_write_transaction_waits_for_the_other_writer(
    tmp_path: Path, django_db_blocker
) -> None:
    settings = databases_from_env(tmp_path, {})["default"]
    assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    with django_db_blocker.unblock():
        assert _chain(settings) == [1, 2]  # one chain, no fork, no error


def test_without_it_the_same_transactions_fail(tmp_path: Path, django_db_blocker) -> None:
    """The check above is load-bearing: SQLite's default mode gives the error it prevents."""
    settings = databases_from_env(tmp_path, {})["default"]
    settings["OPTIONS"] = {**settings["OPTIONS"], "transaction_mode": None}
    with django_db_blocker.unblock(), pytest.raises(AssertionError, match="locked"):
        _chain(settings)
