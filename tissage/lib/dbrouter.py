"""Send the reads of report builds to the read replica, when one is configured.

A network's annual report reads hundreds of thousands of rows; on a read replica it does not
compete with the workers saving interventions. Only what runs inside `reading_from_replica()`
(the report builder wraps its computation in it) reads from the replica; every other read,
and every write, goes to the main database, so a page never shows data older than the
replica's lag except a report. Inside a transaction of the main database, reads stay there
too: they must see what the transaction wrote (this also keeps the test suite, whose tests
run in transactions, on one connection when a replica is configured). Migrations run on the
main database only: the replica receives them through replication.

Raw SQL must ask the router too: `connections[router.db_for_read(Model)]`, not `connection`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from tissage.lib.databases import REPLICA

_reading_from_replica: ContextVar[bool] = ContextVar("reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Within this block, reads go to the replica if there is one (writes never do)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """DATABASE_ROUTERS entry (tissage/settings.py)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        if (
            _reading_from_replica.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # The replica holds the same rows as the main database.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
