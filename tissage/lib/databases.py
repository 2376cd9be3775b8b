"""DATABASES from the environment: the main database, an optional read replica, a pooler.

settings.py calls `databases_from_env()` once; tests call it with an environment of their own.
docs/deployment.md says which combination of variables to use with PgBouncer or without it.

- `DATABASE_URL`: the main database (SQLite under the data folder when unset).
- `DATABASE_REPLICA_URL`: a read replica (PostgreSQL streaming replication); report builds
  read from it (tissage/lib/dbrouter.py), everything else uses the main database.
- `DATABASE_CONN_MAX_AGE`: seconds a connection is kept between requests (0: one per request).
- `DATABASE_CONN_HEALTH_CHECKS`: test a kept connection before reusing it (default on).
- `DATABASE_DISABLE_SERVER_SIDE_CURSORS`: required behind PgBouncer in transaction mode,
  where a named cursor would outlive the transaction that the pooler gave the connection for.
- `DATABASE_POOL`: a connection pool inside each process (psycopg's pool, Django 5.1+); needs
  the `psycopg-pool` package and `DATABASE_CONN_MAX_AGE=0`. Not with PgBouncer.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tissage.lib import env

REPLICA = "replica"
_POSTGRES = "django.db.backends.postgresql"
_SQLITE = "django.db.backends.sqlite3"


def _one(url: str, environ: Mapping[str, str]) -> dict[str, Any]:
    max_age = env.envint("DATABASE_CONN_MAX_AGE", 0, environ)
    config: dict[str, Any] = dict(
        dj_database_url.parse(
            url,
            conn_max_age=max_age,
            conn_health_checks=env.envbool("DATABASE_CONN_HEALTH_CHECKS", True, environ),
            disable_server_side_cursors=env.envbool(
                "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False, environ
            ),
        )
    )
    if config["ENGINE"] == _SQLITE:
        config.setdefault("OPTIONS", {})
        # WAL and a busy timeout: several workers and the web app can share one file.
        # IMMEDIATE: a transaction takes the write lock when it starts. With SQLite's default
        # (deferred), one that reads then writes (the audit trail reads the last hash, then
        # appends) fails at once with "database is locked" when another writer got in between:
        # the busy timeout does not apply to that upgrade. The load test saw it at sign-in.
        config["OPTIONS"].update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                # A page cache of up to 64 MiB per connection (SQLite's default is 2 MiB):
                # a search near a city reads thousands of index pages, and the report
                # engine's grouped queries scan the interventions; each connection fills
                # it only as it reads.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                ),
            }
        )
        return config
    if config["ENGINE"] != _POSTGRES:
        return config
    if env.envbool("DATABASE_POOL", False, environ):
        if max_age != 0:
            raise ImproperlyConfigured(
                "DATABASE_POOL keeps connections itself: leave DATABASE_CONN_MAX_AGE at 0"
            )
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.envint("DATABASE_POOL_MIN_SIZE", 2, environ),
            "max_size": env.envint("DATABASE_POOL_MAX_SIZE", 4, environ),
            "timeout": env.envint("DATABASE_POOL_TIMEOUT", 10, environ),
        }
    return config


def databases_from_env(data_dir: Path, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The DATABASES setting that the environment describes."""
    environ = env.environment(environ)
    url = environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'tissage.sqlite3'}"
    databases = {"default": _one(url, environ)}
    replica_url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if replica_url:
        replica = _one(replica_url, environ)
        if replica["ENGINE"] != databases["default"]["ENGINE"]:
            raise ImproperlyConfigured(
                "DATABASE_REPLICA_URL must name the same kind of database as DATABASE_URL"
            )
        # The test run has no replica of its own: the replica's connection reads the test
        # database of "default".
        replica["TEST"] = {"MIRROR": "default"}
        databases[REPLICA] = replica
    return databases
