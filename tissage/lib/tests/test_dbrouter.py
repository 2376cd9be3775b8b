"""Database settings from the environment (pooler, replica) and the replica router."""

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from tissage.lib.databases import REPLICA, databases_from_env
from tissage.lib.dbrouter import ReplicaRouter, reading_from_replica
from tissage.people.models import Intervention, Person
from tissage.reports.builder import build_report
from tissage.reports.periods import fiscal_year
from tissage.vocabularies.models import Term

PG = "postgres://tissage:secret@db.example.org:5432/tissage"
REPLICA_URL = "postgres://tissage:secret@replica.example.org:5432/tissage"


def test_without_variables_tissage_runs_on_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    databases = databases_from_env(tmp_path, {})
    assert list(databases) == ["default"]
    default = databases["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(tmp_path / "tissage.sqlite3")
    assert default["CONN_MAX_AGE"] == 0
    assert default["CONN_HEALTH_CHECKS"] is True
    assert "journal_mode=WAL" in default["OPTIONS"]["init_command"]


def test_pooler_variables_map_to_the_database_settings(tmp_path: Path) -> None:
    environ = {
        "DATABASE_URL": PG,
        "DATABASE_CONN_MAX_AGE": "600",
        "DATABASE_CONN_HEALTH_CHECKS": "0",
        "DATABASE_DISABLE_SERVER_SIDE_CURSORS": "1",
    }
    default = databases_from_env(tmp_path, environ)["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert (default["HOST"], default["PORT"], default["NAME"]) == (
        "db.example.org",
        5432,
        "tissage",
    )
    assert default["CONN_MAX_AGE"] == 600
    assert default["CONN_HEALTH_CHECKS"] is False
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "pool" not in default.get("OPTIONS", {})


def test_the_psycopg_pool_is_an_option_and_excludes_persistent_connections(
    tmp_path: Path,
) -> None:
    environ = {"DATABASE_URL": PG, "DATABASE_POOL": "1", "DATABASE_POOL_MAX_SIZE": "8"}
    default = databases_from_env(tmp_path, environ)["default"]
    assert default["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 10}
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is False
    with pytest.raises(ImproperlyConfigured):
        databases_from_env(tmp_path, {**environ, "DATABASE_CONN_MAX_AGE": "60"})
    with pytest.raises(ImproperlyConfigured):
        databases_from_env(tmp_path, {**environ, "DATABASE_POOL": "peut-être"})


def test_a_replica_url_adds_a_replica_that_tests_mirror(tmp_path: Path) -> None:
    environ = {
        "DATABASE_URL": PG,
        "DATABASE_REPLICA_URL": REPLICA_URL,
        "DATABASE_DISABLE_SERVER_SIDE_CURSORS": "1",
    }
    databases = databases_from_env(tmp_path, environ)
    assert list(databases) == ["default", REPLICA]
    assert databases[REPLICA]["HOST"] == "replica.example.org"
    assert databases[REPLICA]["TEST"] == {"MIRROR": "default"}
    assert databases[REPLICA]["DISABLE_SERVER_SIDE_CURSORS"] is True
    with pytest.raises(ImproperlyConfigured):
        databases_from_env(tmp_path, {**environ, "DATABASE_REPLICA_URL": "sqlite:///x.db"})


@pytest.mark.django_db(transaction=True)
def test_the_router_reads_from_the_replica_only_inside_the_block(monkeypatch) -> None:
    router = ReplicaRouter()
    assert router.db_for_read(Person) == "default"
    with reading_from_replica():
        assert router.db_for_read(Person) == "default"  # no replica configured
    monkeypatch.setattr("tissage.lib.dbrouter.replica_configured", lambda: True)
    with reading_from_replica():
        assert router.db_for_read(Person) == REPLICA
        assert router.db_for_write(Person) == "default"
    assert router.db_for_read(Person) == "default"
    # Within a transaction of the main database, reads must see its writes.
    with transaction.atomic(), reading_from_replica():
        assert router.db_for_read(Person) == "default"
    assert router.allow_migrate("default", "people") is True
    assert router.allow_migrate(REPLICA, "people") is False


@pytest.fixture
def replica() -> Iterator[str]:
    """A second connection, under the alias "replica", to the test database (as a replica
    holds the same rows). Added after the test database is set up, removed after."""
    primary = connections["default"].settings_dict
    connections.settings[REPLICA] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    # Connected here: the test case allows the aliases it knew when it started.
    connections[REPLICA].connect()
    try:
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def _interventions(count: int) -> None:
    types = list(Term.objects.of("intervention_type")[:3])
    for number in range(count):
        person = Person.objects.create(code=f"R{number:04d}")
        intervention = Intervention.objects.create(date=datetime.date(2023, 5, 1 + number % 28))
        intervention.persons.add(person)
        intervention.types.add(types[number % len(types)])


@pytest.mark.django_db(transaction=True)
def test_a_report_build_reads_from_the_replica(replica: str) -> None:
    _interventions(12)
    period = fiscal_year(2023)
    expected = build_report("outreach", period, language="fr-ca")
    with (
        CaptureQueriesContext(connections[replica]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        document = build_report("outreach", period, language="fr-ca")
    # The same report, its computations all on the replica.
    assert document.blocks == expected.blocks
    assert len(on_replica.captured_queries) > 10
    assert any("people_intervention" in query["sql"] for query in on_replica.captured_queries)
    assert [q["sql"] for q in on_default.captured_queries if "intervention" in q["sql"]] == []
    # Outside a report build, reads stay on the main database.
    with CaptureQueriesContext(connections[replica]) as after:
        assert Intervention.objects.count() == 12
    assert after.captured_queries == []
