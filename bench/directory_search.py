"""Directory search benchmark: keyword + distance queries at 10,000 and 100,000 services.

    .venv/bin/python bench/directory_search.py                 # SQLite
    DATABASE_URL=postgres://… .venv/bin/python bench/directory_search.py   # SQLite, then PostgreSQL
    .venv/bin/python bench/directory_search.py --sizes 10000   # a quicker run

Each back end gets a fresh database (a temporary SQLite file; a `tissage_bench` database on
the PostgreSQL server, dropped afterwards), migrated, then filled by a deterministic generator
of services spread over the gazetteer's municipalities (more where more people live) and
indexed by the application's own indexer. It then times, in process:

- the keyword + distance query that `search(words, near=town, radius_km=25)` sends: the
  words and the filter tokens through the full-text index, then the exact distance, the
  coverage test, the rank, the total and one page of 20 (entry and service ids);
- the raw full-text query on the same words: the best 20 by bm25 (SQLite FTS5) or ts_rank
  (PostgreSQL, on the keywords' tsvector), identifiers only, no distance, no total;
- `search()` itself, which also loads the 20 services with their organization, phones and
  places, as the public page does.

Targets (issue #5): p95 of keyword + distance under 30 ms, and within 2x of the raw query.
"""

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERIES = 300
WORDS = [
    "aide", "alimentaire", "logement", "santé mentale", "emploi", "jeunes", "transport",
    "dépannage", "écoute", "famille", "aînés", "bouffe", "répit", "impôts", "vêtements",
    "hébergement", "francisation", "dépendance", "deuil", "budget",
]  # fmt: skip


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("TISSAGE_DATA_DIR", tempfile.mkdtemp(prefix="tissage-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tissage.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(count: int, seed: int = 5) -> None:
    """`count` services from `seed`, indexed: tissage/directory/synthetic.py."""
    from tissage.directory import synthetic

    synthetic.generate(count, seed=seed)


def queries(count: int, seed: int = 11) -> list[tuple[str, Any]]:
    from tissage.directory import gazetteer

    rng = random.Random(seed)  # noqa: S311
    places = list(gazetteer.municipalities())
    weights = [max(500, p.population or 500) ** 0.6 for p in places]
    return [(rng.choice(WORDS), rng.choices(places, weights)[0]) for _ in range(count)]


def raw_query(words: str) -> tuple[str, list[Any]]:
    from django.db import connection

    from tissage.directory.textsearch import query_words

    tokens = query_words(words)
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{token}"*' for token in tokens)
        return (
            "SELECT rowid FROM directory_searchentry_fts WHERE directory_searchentry_fts MATCH %s "
            "ORDER BY bm25(directory_searchentry_fts) LIMIT 20",
            [match],
        )
    tsquery = " & ".join(f"{token}:*" for token in tokens)
    return (
        "SELECT id FROM directory_searchentry, to_tsquery('fr_unaccent', %s) q "
        "WHERE tsv_words @@ q ORDER BY ts_rank(tsv_words, q) DESC LIMIT 20",
        [tsquery],
    )


def timings(runs: dict[str, Any], items: list[Any]) -> dict[str, list[float]]:
    """Time every kind of query on each item in turn, so that a busy machine weighs on all of
    them alike and the ratios stay fair."""
    for item in items[:20]:
        for run in runs.values():
            run(item)  # warm the caches
    found: dict[str, list[float]] = {label: [] for label in runs}
    for item in items:
        for label, run in runs.items():
            start = time.perf_counter()
            run(item)
            found[label].append((time.perf_counter() - start) * 1000)
    return found


def measure() -> dict[str, list[float]]:
    from django.db import connection

    from tissage.directory.search import prepare, search
    from tissage.directory.searchsql import run

    items = queries(QUERIES)

    def query(item: tuple[str, Any]) -> None:
        # What search() asks the database: candidates, exact distance, rank, total, one page.
        q, spot, _results = prepare(item[0], near=item[1], radius_km=25, per_page=20)
        run(q, spot, public_only=True, open_now=False, now=None, page=1, per_page=20)

    def page(item: tuple[str, Any]) -> None:
        results = search(item[0], near=item[1], radius_km=25, per_page=20)
        [hit.service.name for hit in results.hits]

    def raw(item: tuple[str, Any]) -> None:
        sql, params = raw_query(item[0])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return timings(
        {
            "keyword + distance query": query,
            "raw full-text query, top 20": raw,
            "search(), 20 services loaded": page,
        },
        items,
    )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Child:
    """One back end's database, grown size after size: `grow` generates the services up
    to a size, `report` times the queries and prints the result lines."""

    def __init__(self) -> None:
        setup_django(os.environ.get("BENCH_DATABASE_URL", ""))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        self.done = 0
        self.built = 0.0

    def grow(self, size: int) -> None:
        started = time.perf_counter()
        generate(size - self.done, seed=size)
        self.done = size
        self.built = time.perf_counter() - started

    def report(self) -> None:
        from django.db import connection

        from tissage.directory.models import Organization, SearchEntry

        results = measure()
        raw_p95 = p95(results["raw full-text query, top 20"])  # the reference of the ratios
        for label, values in results.items():
            ratio = f"{p95(values) / raw_p95:4.2f}x" if raw_p95 else "—"
            print(
                f"{connection.vendor:<11}{SearchEntry.objects.count():>9,}  {label:<31}"
                f"{statistics.median(values):8.2f} ms {p95(values):8.2f} ms  {ratio}",
                flush=True,
            )
        print(
            f"{'':<11}{'':>9}  (generated and indexed in {self.built:.0f} s; "
            f"{Organization.objects.count():,} organizations; load average "
            f"{os.getloadavg()[0]:.2f})",
            flush=True,
        )


def child(sizes: list[int]) -> None:
    """Run in a fresh process per back end (Django's settings are read once): every size
    in turn, generated then measured."""
    run = Child()
    for size in sizes:
        run.grow(size)
        run.report()


def worker() -> None:
    """The same, at the parent's command (bench/run.py runs both back ends' workers side by
    side): `generate N` grows the database to N services, `measure` prints the result
    lines of the current size; each answered by harness.DONE."""
    from harness import commands

    run = Child()
    for words in commands():
        if words[0] == "generate":
            run.grow(int(words[1]))
        elif words[0] == "measure":
            run.report()
        else:
            raise SystemExit(f"unknown command {words!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--child", choices=["sqlite", "postgresql"])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.worker:
        worker()
        return
    if args.child:
        child(sizes)
        return
    print(
        f"Directory search — {QUERIES} queries (one or two words near a municipality, radius "
        f"25 km, 20 results); times in process, median and p95; last column: p95 / raw p95"
    )
    print(
        f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, SQLite "
        f"{sqlite3.sqlite_version}; load average at start {os.getloadavg()[0]:.2f}"
    )
    print(f"{'back end':<11}{'services':>9}  {'query':<31}{'median':>11} {'p95':>11}")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "BENCH_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        subprocess.run(  # noqa: S603 — this very script, with our arguments
            [sys.executable, __file__, "--child", "sqlite", "--sizes", args.sizes],
            env=env,
            check=True,
        )
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        run_postgresql(args.sizes)
    print(f"Load average at the end: {os.getloadavg()[0]:.2f}")


def run_postgresql(sizes: str) -> None:
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS tissage_bench")
        admin.execute("CREATE DATABASE tissage_bench")
    try:
        env = {**os.environ, "BENCH_DATABASE_URL": f"{server}/tissage_bench"}
        subprocess.run(  # noqa: S603 — this very script, with our arguments
            [sys.executable, __file__, "--child", "postgresql", "--sizes", sizes],
            env=env,
            check=True,
        )
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS tissage_bench")


if __name__ == "__main__":
    main()
