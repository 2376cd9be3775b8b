"""Interventions written as they are read (PostgreSQL: batches sent while the next rows are
read, in the import's transaction), with small batches so that a short file takes that path:
the same records, links and order as the file, and nothing kept when a row has a problem or
the database refuses a batch. On SQLite the same files go through the other path."""

import pytest
from django.db import connection, transaction
from django.utils import translation

from tissage.accounts.models import User
from tissage.lib.tabular import read_table
from tissage.people.importing import bulk, engine, kinds
from tissage.people.importing.columns import columns_for
from tissage.people.importing.errors import render_all
from tissage.people.models import Intervention, Person

pytestmark = pytest.mark.django_db

HEADER = "no;date;code_personne;intervenant;types;problematiques;lieu;duree_min\n"
TYPES = ["Relation d'aide", "Référence", "Médiation"]
PROBLEMS = ["Logement", "Deuil", ""]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kinds, "BATCH", 7)
    monkeypatch.setattr(engine, "STREAM_EVERY", 1)


def run(text: str, **options: object) -> engine.Summary:
    table = read_table(text.encode("utf-8"), "file.csv")
    columns = columns_for("interventions", table.headers, None)
    return engine.run("interventions", table, engine.Options(columns, **options))  # type: ignore[arg-type]


def line(number: int, worker: str = "carol", types: str = "", place: str = "UMIC") -> str:
    persons = "P1 | P2" if number % 3 == 0 else f"P{1 + number % 2}"
    types = types or " | ".join(TYPES[: 1 + number % 3])
    problems = PROBLEMS[number % 3]
    day = f"2023-04-{1 + number % 28:02d}"
    return f"{number};{day};{persons};{worker};{types};{problems};{place};{number}\n"


def file(rows: int, **changes: str) -> str:
    return HEADER + "".join(changes.get(str(n), line(n)) for n in range(1, rows + 1))


def persons() -> None:
    for code in ("P1", "P2"):
        Person.objects.create(code=code)


def test_a_streamed_import_writes_every_row_with_its_links_in_the_file_order(users, monkeypatch):
    persons()
    sent = bulk.Batch.send
    pipelined = []

    def send(self, cursor, rows, links):
        pipelined.append(bool(connection.connection.pgconn.pipeline_status))
        sent(self, cursor, rows, links)

    monkeypatch.setattr(bulk.Batch, "send", send)
    summary = run(file(40))
    assert summary.ok and summary.created == 40
    if connection.vendor == "postgresql":  # five batches while reading, the rest after
        assert pipelined == [True] * 5 + [False]
    imported = list(Intervention.objects.order_by("pk"))
    assert [i.import_key for i in imported] == [f"interventions:{n}" for n in range(1, 41)]
    for number, intervention in enumerate(imported, start=1):
        assert intervention.duration_minutes == number
        assert intervention.date.day == 1 + number % 28
        codes = sorted(intervention.persons.values_list("code", flat=True))
        assert codes == (["P1", "P2"] if number % 3 == 0 else [f"P{1 + number % 2}"])
        assert list(intervention.workers.values_list("username", flat=True)) == ["carol"]
        assert intervention.types.count() == 1 + number % 3
        assert intervention.problems.count() == (0 if number % 3 == 2 else 1)
        assert intervention.place.label_fr == "UMIC"
    through = Intervention.types.through
    firsts = list(through.objects.order_by("pk").values_list("intervention_id", flat=True))
    assert firsts == sorted(firsts)  # links go in the order of their rows


def test_a_worker_to_create_after_some_batches_were_written(users):
    persons()
    summary = run(file(30, **{"25": line(25, worker="INT-77")}))
    assert summary.ok and summary.created == 30 and summary.workers_created == 1
    new = User.objects.get(username="INT-77")
    assert not new.is_active
    row = Intervention.objects.get(import_key="interventions:25")
    assert list(row.workers.all()) == [new]
    assert Intervention.objects.count() == 30


def test_a_problem_after_some_batches_were_written_keeps_nothing(users):
    persons()
    summary = run(file(40, **{"33": line(33, types="Inconnu")}))
    assert summary.error_count == 1 and summary.created == 0
    with translation.override("en"):
        shown = render_all(summary.errors, summary.kind)
    assert [(e["row"], e["column"], e["value"]) for e in shown] == [(34, "types", "Inconnu")]
    assert Intervention.objects.count() == 0
    assert Intervention.persons.through.objects.count() == 0


def test_a_streamed_dry_run_counts_exactly_and_keeps_nothing(users):
    persons()
    summary = run(file(40), dry_run=True)
    assert summary.ok and summary.dry_run and summary.created == 40
    assert Intervention.objects.count() == 0


def test_a_batch_the_database_refuses_keeps_nothing(users, monkeypatch):
    persons()
    if connection.vendor == "postgresql":
        sent = bulk.Batch.send
        calls = []

        def send(self, cursor, rows, links):  # the third batch breaks a foreign key
            calls.append(1)
            if len(calls) == 3:
                links = {**links, "persons": [(1, 10**9)]}
            sent(self, cursor, rows, links)

        monkeypatch.setattr(bulk.Batch, "send", send)
    else:
        inserted = bulk.insert_rows

        def insert_rows(table, columns, rows):  # SQLite checks foreign keys at the commit
            if table == Intervention._meta.db_table:
                rows = [*rows, rows[0]]  # the same import key twice
            inserted(table, columns, rows)

        monkeypatch.setattr(bulk, "insert_rows", insert_rows)
    with transaction.atomic():  # as the import page, which also records the run
        summary = run(file(40))
        assert [e["message_id"] for e in summary.errors] == [engine.REFUSED]
        assert summary.error_count == 1
        assert Intervention.objects.count() == 0
        assert Person.objects.count() == 2  # the outer transaction goes on


def test_foreign_keys_are_deferred_again_after_a_streamed_import(users):
    persons()
    with transaction.atomic():
        assert run(file(20)).ok
        first = Intervention.objects.order_by("pk").first()
        table = Intervention.persons.through._meta.db_table
        with connection.cursor() as cursor:  # a dangling link is only checked at the commit
            cursor.execute(
                f"INSERT INTO {table} (intervention_id, person_id) VALUES (%s, %s)",
                [first.pk, 10**9],
            )
            cursor.execute(f"DELETE FROM {table} WHERE person_id = %s", [10**9])
