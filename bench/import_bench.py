"""Import benchmark: a 100,000-row interventions file through the people importer.

    .venv/bin/python bench/import_bench.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/import_bench.py --databases sqlite --rows 20000

The file is the outreach dataset's own format (tissage/testdata/outreach-2023-24,
interventions.csv: no;date;code_personne;intervenant;types;problematiques;lieu;duree_min),
its rows drawn at random (seed 10) from the dataset's 37,663 and numbered 1…N, for the
dataset's 2,155 persons (imported first with the same importer). The ten workers exist as
users, as they would in an organization that uses Tissage.

Each database gets a fresh one, and each measure its own process:

1. prepare: migrate, import the persons, then the baseline: the same rows parsed with the
   csv module, persons, workers and vocabulary entries looked up in dictionaries, and
   inserted by hand (COPY on PostgreSQL, executemany on SQLite) with their many-to-many
   links, in one transaction; timed, then deleted;
2. memory: a dry run of the import (the same checks and writes, rolled back) under
   tracemalloc: the peak of Python's allocations;
3. import: the import as `tissage import` runs it (engine.run_file, all or nothing), timed:
   rows per second, and the process's peak resident memory (getrusage ru_maxrss), Django
   and the file included.

Targets (issue #10): at least 10,000 rows per second, peak memory under 500 MB.
"""

import argparse
import csv
import datetime
import io
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    DATABASES,
    ROOT,
    fresh_database,
    load,
    postgresql_server,
    run_worker,
    say,
    setup_django,
    write_result,
)

DATASET = ROOT / "tissage" / "testdata" / "outreach-2023-24"
ROWS = 100_000
SEED = 10
TARGET_RATE = 10_000
TARGET_MB = 500


def write_file(path: Path, rows: int, seed: int = SEED) -> None:
    """`rows` interventions drawn from the dataset's, numbered 1…rows."""
    with (DATASET / "interventions.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        source = list(reader)
    rng = random.Random(seed)  # noqa: S311 — invented data
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        for number in range(1, rows + 1):
            writer.writerow([str(number), *rng.choice(source)[1:]])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# ---------------------------------------------------------------- the worker's phases


def prepare(path: Path) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tissage.people.importing import engine
    from tissage.people.importing.columns import columns_for

    call_command("migrate", verbosity=0)
    get_user_model().objects.bulk_create(
        get_user_model()(username=f"INT-{n:02d}", role="worker", is_active=False)
        for n in range(1, 11)
    )
    persons = (DATASET / "personnes.csv").read_bytes()
    table = engine.read(persons, "personnes.csv")
    summary = engine.run(
        "persons", table, engine.Options(columns_for("persons", table.headers, None))
    )
    if not summary.ok:
        raise SystemExit(f"persons: {summary.errors[:3]}")
    begun = time.perf_counter()
    inserted = baseline(path)
    seconds = time.perf_counter() - begun
    forget_interventions()
    return {"persons": summary.created, "baseline_s": seconds, "baseline_rows": inserted}


def baseline(path: Path) -> int:
    """The same rows the shortest way by hand: csv, dictionaries, bulk inserts."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from report_data import Loader

    from tissage.lib.text import match_key
    from tissage.people.models import Intervention, Person
    from tissage.vocabularies.models import Term

    def terms(code: str) -> dict[str, int]:
        found = Term.objects.filter(vocabulary__code=code).values_list("label_fr", "id")
        return {match_key(label): pk for label, pk in found}

    persons = dict(Person.objects.values_list("code", "id"))
    workers = dict(get_user_model().objects.values_list("username", "id"))
    types, problems, places = terms("intervention_type"), terms("problem"), terms("place")
    loader = Loader()
    columns = ["id", "date", "place_id", "duration_minutes", "import_key", "created_at"]
    columns += ["updated_at"]
    loader.check(Intervention, columns)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM people_intervention")
        next_id = cursor.fetchone()[0] + 1
    now = datetime.datetime.now(datetime.UTC)
    links = {name: Intervention._meta.get_field(name) for name in ("persons", "workers")}
    links |= {name: Intervention._meta.get_field(name) for name in ("types", "problems")}
    tables = {
        name: (f.m2m_db_table(), [f.m2m_column_name(), f.m2m_reverse_name()])
        for name, f in links.items()
    }
    rows: list[tuple] = []
    pairs: dict[str, list[tuple]] = {name: [] for name in links}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for number, day, person, worker, kinds, named, place, minutes in reader:
            pk = next_id + len(rows)
            rows.append((pk, datetime.date.fromisoformat(day), places[match_key(place)],
                         int(minutes), f"interventions:{number}", now, now))  # fmt: skip
            pairs["persons"].append((pk, persons[person]))
            pairs["workers"].append((pk, workers[worker]))
            pairs["types"] += [(pk, types[match_key(t)]) for t in kinds.split(" | ") if t]
            pairs["problems"] += [(pk, problems[match_key(p)]) for p in named.split(" | ") if p]
    with transaction.atomic():
        loader.put(Intervention._meta.db_table, columns, rows)
        for name, (table, names) in tables.items():
            loader.put(table, names, pairs[name])
    return len(rows)


def forget_interventions() -> None:
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from tissage.people.models import Intervention

    with transaction.atomic(), connection.cursor() as cursor:
        for name in ("persons", "workers", "types", "problems"):
            table = Intervention._meta.get_field(name).m2m_db_table()
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 — the model's own table
        cursor.execute("DELETE FROM people_intervention")
        for sql in connection.ops.sequence_reset_sql(no_style(), [Intervention]):
            cursor.execute(sql)


def run_import(path: Path, dry_run: bool) -> tuple[Any, float]:
    from tissage.people.importing import engine
    from tissage.people.importing.columns import columns_for

    begun = time.perf_counter()
    data = path.read_bytes()
    header = data.split(b"\n", 1)[0].decode().strip().split(";")
    options = engine.Options(columns_for("interventions", header, None), dry_run=dry_run)
    summary = engine.run_file("interventions", data, path.name, options)
    seconds = time.perf_counter() - begun
    if not summary.ok:
        raise SystemExit(f"the import failed: {summary.errors[:3]}")
    return summary, seconds


def memory(path: Path) -> dict[str, Any]:
    tracemalloc.start()
    summary, seconds = run_import(path, dry_run=True)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"tracemalloc_mb": peak / 1024**2, "traced_s": seconds, "dry_created": summary.created}


def timed(path: Path) -> dict[str, Any]:
    from tissage.people.models import Intervention

    before = peak_rss_mb()
    summary, seconds = run_import(path, dry_run=False)
    return {
        "import_s": seconds,
        "created": summary.created,
        "in_database": Intervention.objects.count(),
        "rss_before_mb": before,
        "rss_mb": peak_rss_mb(),
    }


def worker(args: argparse.Namespace) -> None:
    setup_django()
    path = Path(args.file)
    phase = {"prepare": prepare, "memory": memory, "import": timed}[args.phase]
    write_result(args.worker_result, phase(path))


# ---------------------------------------------------------------- the runs


def measure(database: str, server: str | None, rows: int = ROWS) -> dict[str, Any]:
    """One database: the three phases, each in its own process. Public entry of bench/run.py."""
    result: dict[str, Any] = {"database": database, "rows": rows}
    with fresh_database(database, "bench_import", server) as env:
        path = Path(env["TISSAGE_DATA_DIR"]) / "interventions.csv"
        write_file(path, rows)
        for phase in ("prepare", "memory", "import"):
            say(f"  import, {database}: {phase} (load {load()})")
            found = run_worker(__file__, ["--phase", phase, "--file", str(path)], env)
            if "error" in found:
                return {**result, "error": f"{phase}: {found['error']}"}
            result.update(found)
    result["rate"] = rows / result["import_s"]
    result["baseline_rate"] = rows / result["baseline_s"]
    result["ratio"] = result["import_s"] / result["baseline_s"]
    result["ok"] = result["rate"] >= TARGET_RATE and result["rss_mb"] < TARGET_MB
    say(
        f"  import, {database}: {result['rate']:,.0f} rows/s (baseline "
        f"{result['baseline_rate']:,.0f}, {result['ratio']:.2f}x), peak RSS "
        f"{result['rss_mb']:.0f} MB, tracemalloc peak {result['tracemalloc_mb']:.0f} MB"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--phase", choices=["prepare", "memory", "import"])
    parser.add_argument("--file")
    parser.add_argument("--worker-result")
    args = parser.parse_args()
    if args.worker_result:
        worker(args)
        return
    results = []
    for database in args.databases.split(","):
        if database == "postgresql":
            with postgresql_server() as server:
                results.append(measure(database, server, args.rows))
        else:
            results.append(measure(database, None, args.rows))
    out = io.StringIO()
    for r in results:
        if "error" in r:
            out.write(f"{r['database']}: failed ({r['error']})\n")
            continue
        out.write(
            f"{r['database']:<11} {r['rows']:>8,} rows  import {r['import_s']:6.1f} s "
            f"{r['rate']:>8,.0f} rows/s  baseline {r['baseline_s']:5.1f} s  ratio "
            f"{r['ratio']:.2f}x  peak RSS {r['rss_mb']:.0f} MB (before {r['rss_before_mb']:.0f})"
            f"  tracemalloc {r['tracemalloc_mb']:.0f} MB\n"
        )
    say(out.getvalue().rstrip())


if __name__ == "__main__":
    main()
