"""Annual report benchmark (issue #4): the outreach report against hand-written SQL.

    .venv/bin/python bench/report_bench.py               # dataset, 100k, 1M; SQLite, PostgreSQL
    .venv/bin/python bench/report_bench.py --sizes dataset,100000 --databases sqlite
    .venv/bin/python bench/report_bench.py --write-docs  # also record in docs/performance.md
    .venv/bin/python bench/report_bench.py --queries 10  # and the 10 slowest queries of a build

Each database and size gets a fresh database (SQLite: a file in a temporary TISSAGE_DATA_DIR;
PostgreSQL: a throwaway cluster from scripts/pg-throwaway, one database per size), migrated and
filled in a subprocess of this script (settings read the environment when Django starts):

- `dataset`: `tissage import --dataset tissage/testdata/outreach-2023-24`;
- a number N: a deterministic organization of N interventions over the fiscal years 19/20 to
  23/24, drawn from the dataset's own distributions (per-year type and problem-area counts,
  places, durations, persons' portrait), N/17 persons, N/40 referrals to 150 organizations.

It then times `build_report("outreach", fiscal_year(2023), language="fr-ca")` against a
baseline that computes the same tables with one hand-written SQL statement each (`baseline`),
interleaved, after one warm-up of each, and checks that both give the same figures.

Targets: under 2 s for the dataset; at 1,000,000 under 20 s and within 1.5x of the baseline.
"""

import argparse
import contextlib
import datetime
import itertools
import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import copy_template
from report_data import DATASET, ROOT, YEARS, Synthetic, say

DOC = ROOT / "docs" / "performance.md"
SECTION = "## Annual report"
SEED = 4
# The template's sections the baseline computes (and its two texts); other apps may add more.
COVERED = {"introduction", "summary", "gender", "language", "municipality", "age_group"}
COVERED |= {"problems", "types", "places", "referred_to", "referred_by", "highlights"}
COVERED |= {"conclusion"}


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    def first(path: str, prefix: str) -> str:
        try:
            lines = Path(path).read_text().splitlines()
        except OSError:
            return "?"
        return next(
            (line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "?"
        )

    memory = first("/proc/meminfo", "MemTotal")
    ram = f"{int(memory.split()[0]) / 1024**2:.0f} GiB" if memory != "?" else "?"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": first("/proc/cpuinfo", "model name"),
        "ram": ram,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


# ---------------------------------------------------------------- the two ways to compute


def engine(period: Any, sections: dict[str, float]) -> Any:
    """The report as the application builds it; time per section added to `sections`."""
    from tissage.reports.builder import build_report

    marks: list[tuple[str, float]] = []
    document = build_report(
        "outreach",
        period,
        language="fr-ca",
        progress=lambda number, total, key: marks.append((key, time.perf_counter())),
    )
    marks.append(("", time.perf_counter()))
    for (key, begun), (_next, ended) in itertools.pairwise(marks):
        sections[key] = sections.get(key, 0.0) + ended - begun
    return document


def engine_figures(document: Any) -> dict[str, Any]:
    from tissage.reports.templates_default import OUTREACH

    blocks = {block.key: block for block in document.blocks}
    codes = next(s["indicators"] for s in OUTREACH if s["key"] == "summary")
    found: dict[str, Any] = {
        "totals": {c: f.cell.value for c, f in zip(codes, blocks["summary"].figures, strict=True)}
    }
    for key in ("gender", "language", "municipality", "age_group"):
        found[key] = {row[0].value: row[1].value for row in blocks[key].table.rows}
    for key in ("problems", "types"):
        found[key] = [[row[1].value, [c.value for c in row[2:]]] for row in blocks[key].table.rows]
    for key in ("places", "referred_to", "referred_by"):
        found[key] = [row[2].value for row in blocks[key].table.rows]
    return found


# The baseline's SQL. Only constants are formatted in (table and column names, CASE buckets
# of fixed dates); values go as parameters.
IN_PERIOD = "i.date BETWEEN %(start)s AND %(end)s"
MET = f"""SELECT ip.person_id FROM people_intervention_persons ip
    JOIN people_intervention i ON i.id = ip.intervention_id WHERE {IN_PERIOD}"""  # noqa: S608
SUMMARY = f"""SELECT
    (SELECT COUNT(DISTINCT person_id) FROM ({MET}) met),
    (SELECT COUNT(*) FROM people_intervention i WHERE {IN_PERIOD}),
    (SELECT COUNT(DISTINCT pr.term_id) FROM people_intervention_problems pr
        JOIN people_intervention i ON i.id = pr.intervention_id WHERE {IN_PERIOD}),
    COUNT(CASE WHEN r.direction = 'out' THEN 1 END),
    COUNT(DISTINCT CASE WHEN r.direction = 'out' THEN r.person_id END),
    COUNT(DISTINCT CASE WHEN r.direction = 'out' THEN r.organization_id END),
    COUNT(DISTINCT CASE WHEN r.direction = 'in' THEN r.person_id END),
    COUNT(DISTINCT CASE WHEN r.direction = 'in' THEN r.organization_id END)
FROM people_referral r WHERE r.date BETWEEN %(start)s AND %(end)s"""  # noqa: S608
PORTRAIT = f"""SELECT t.label_fr, COUNT(*) FROM people_person p
    LEFT JOIN vocabularies_term t ON t.id = p.{{column}}
    WHERE p.id IN ({MET}) GROUP BY t.id, t.label_fr"""  # noqa: S608
FIVE_YEARS = """SELECT t.label_fr, {bucket} AS y, COUNT(*) FROM people_intervention_{table} x
    JOIN people_intervention i ON i.id = x.intervention_id
    JOIN vocabularies_term t ON t.id = x.term_id
    WHERE i.date BETWEEN %(first)s AND %(end)s GROUP BY t.id, t.label_fr, y"""
PLACES = f"""SELECT t.label_fr, COUNT(*) FROM people_intervention i
    JOIN vocabularies_term t ON t.id = i.place_id WHERE {IN_PERIOD}
    GROUP BY t.id, t.label_fr ORDER BY COUNT(*) DESC, t.label_fr"""  # noqa: S608
RANKING = """SELECT o.name, COUNT(*) FROM people_referral r
    JOIN directory_organization o ON o.id = r.organization_id
    WHERE r.direction = %(direction)s AND r.date BETWEEN %(start)s AND %(end)s
    GROUP BY o.id, o.name ORDER BY COUNT(*) DESC, o.name LIMIT %(top)s"""
YEARLY = """SELECT {bucket} AS y, COUNT(*) FROM people_intervention i
    WHERE i.date BETWEEN %(first)s AND %(end)s GROUP BY y"""


def baseline(year: int) -> dict[str, Any]:
    """The same figures as the report, the way a developer would write them by hand."""
    from django.db import connection

    from tissage.lib.text import match_key

    def fiscal(y: int) -> tuple[datetime.date, datetime.date]:
        return datetime.date(y, 4, 1), datetime.date(y + 1, 3, 31)

    def bucket(years: list[int]) -> str:
        cases = " ".join(
            f"WHEN i.date < '{fiscal(y)[1] + datetime.timedelta(1)}' THEN {y}" for y in years
        )
        return f"CASE {cases} END"

    def query(sql: str, **params: Any) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, {"start": fiscal(year)[0], "end": fiscal(year)[1], **params})
            return cursor.fetchall()

    met, interventions, problems, *referrals = query(SUMMARY)[0]
    codes = ["persons_served", "interventions", "distinct_problems", "referrals_out"]
    codes += ["persons_referred_out", "organizations_referred_to", "persons_referred_in"]
    codes += ["organizations_referring"]
    totals = dict(zip(codes, [met, interventions, problems, *referrals], strict=True))
    totals["interventions_per_person"] = round(interventions / met, 1) if met else 0
    found: dict[str, Any] = {"totals": {f"people.{c}": v for c, v in totals.items()}}
    for key in ("gender", "language", "municipality", "age_group"):
        found[key] = dict(query(PORTRAIT.format(column=f"{key}_id")))
    years = list(range(year - 4, year + 1))
    for key, table in (("problems", "problems"), ("types", "types")):
        counts: dict[int, Counter[str]] = defaultdict(Counter)
        for label, y, n in query(
            FIVE_YEARS.format(bucket=bucket(years), table=table), first=fiscal(years[0])[0]
        ):
            counts[y][label] = n
        ranked = [sorted(counts[y], key=lambda k: (-counts[y][k], match_key(k))) for y in years]
        top = ranked[-1][:10]
        found[key] = [[k, [counts[y][k] or None for y in reversed(years)]] for k in top]
        found[f"{key}_ranks"] = {
            k: [r.index(k) + 1 if k in r else None for r in ranked] for k in top
        }
    places = query(PLACES)
    found["places"] = [n for _label, n in places[:6]]
    found["leader"] = places[0] if places else None
    for key, direction, top in (("referred_to", "out", 6), ("referred_by", "in", 9)):
        found[key] = [n for _label, n in query(RANKING, direction=direction, top=top)]
    # The highlight "record high": interventions per fiscal year since the first one.
    first = query("SELECT MIN(date) FROM people_intervention")[0][0]
    if first is not None:
        first = datetime.date.fromisoformat(str(first))
        history = list(range(first.year if first.month >= 4 else first.year - 1, year + 1))
        per_year = dict(query(YEARLY.format(bucket=bucket(history)), first=fiscal(history[0])[0]))
        found["record"] = per_year.get(year, 0) > max(
            [per_year.get(y, 0) for y in history[:-1]], default=0
        )
    return found


def check(engine_found: dict[str, Any], baseline_found: dict[str, Any]) -> None:
    """A benchmark of a wrong result is worthless: both ways must agree."""
    problems = []
    for key in ("totals", "problems", "types", "places", "referred_to", "referred_by"):
        if engine_found[key] != baseline_found[key]:
            problems.append(f"{key}: engine {engine_found[key]} ≠ baseline {baseline_found[key]}")
    for key in ("gender", "language", "municipality", "age_group"):
        for label, value in engine_found[key].items():
            if baseline_found[key].get(label) != value:
                problems.append(f"{key} {label}: {value} ≠ {baseline_found[key].get(label)}")
    if problems:
        raise SystemExit("The engine and the baseline disagree:\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------- one database, one size


def slowest(period: Any, count: int) -> list[tuple[float, str]]:
    """The slowest queries of one more build, with their parameters."""
    from django.db import connection

    found: list[tuple[float, str]] = []

    def timed(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append((time.perf_counter() - begun, " ".join(f"{sql} {params}".split())))

    with connection.execute_wrapper(timed):
        engine(period, {})
    return sorted(found, reverse=True)[:count]


def worker(args: argparse.Namespace) -> None:
    """One database, one size: generated, then timed; the result in args.result. With
    --serve, at the parent's command instead (bench/run.py generates both databases side by
    side, then times each alone): `generate`, then `measure`, each answered by DONE."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "tissage.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    result: dict[str, Any] = {"database": args.database, "size": args.size}
    if not args.serve:
        fill(args, result)
        time_report(args, result)
        return
    from harness import commands

    for words in commands():
        if words[0] == "generate":
            fill(args, result)
        elif words[0] == "measure":
            time_report(args, result)
        else:
            raise SystemExit(f"unknown command {words!r}")


def fill(args: argparse.Namespace, result: dict[str, Any]) -> None:
    """The data of args.size in the (migrated, empty) database, analyzed."""
    import io

    from django.core.management import call_command
    from django.db import connection

    from tissage.people.models import Intervention, Person, Referral

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if args.size == "dataset":
        say("    importing tissage/testdata/outreach-2023-24")
        call_command("import", dataset=str(DATASET), stdout=io.StringIO(), stderr=io.StringIO())
    else:
        Synthetic(int(args.size), args.seed).run()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        if connection.vendor == "postgresql":
            settings = []
            for name in ("server_version", "shared_buffers", "work_mem"):
                cursor.execute(f"SHOW {name}")
                settings.append(cursor.fetchone()[0])
            result["server"] = "{} (shared_buffers {}, work_mem {})".format(*settings)
    connection.close()  # measure on a connection opened as the application opens it
    result["load_s"] = time.perf_counter() - started
    through = [Intervention._meta.get_field(name).remote_field.through for name in
               ("persons", "workers", "types", "problems")]  # fmt: skip
    result["rows"] = {
        "interventions": Intervention.objects.count(),
        "persons": Person.objects.count(),
        "referrals": Referral.objects.count(),
        "links": sum(model.objects.count() for model in through),
    }
    say(
        f"    loaded in {result['load_s']:.1f} s: "
        + ", ".join(f"{v:,} {k}" for k, v in result["rows"].items())
    )


def time_report(args: argparse.Namespace, result: dict[str, Any]) -> None:
    """The report and its baseline checked, then timed in turn; the result written."""
    from tissage.reports.periods import fiscal_year

    period = fiscal_year(YEARS[-1])
    engine_found = engine_figures(engine(period, {}))  # warm-up, and the figures to check
    check(engine_found, baseline(YEARS[-1]))
    totals = engine_found["totals"]
    say(f"    engine = baseline: {totals['people.interventions']:,} interventions, "
        f"{totals['people.persons_served']:,} persons met, top problem "
        f"{engine_found['problems'][0][0] if engine_found['problems'] else '—'}")  # fmt: skip
    result["engine"], result["baseline"], sections = [], [], {}
    for run in range(args.repeat):
        begun = time.perf_counter()
        engine(period, sections)
        result["engine"].append(time.perf_counter() - begun)
        begun = time.perf_counter()
        baseline(YEARS[-1])
        result["baseline"].append(time.perf_counter() - begun)
        say(f"    run {run + 1}/{args.repeat}: report {result['engine'][-1]:.3f} s, "
            f"baseline {result['baseline'][-1]:.3f} s (load {load()})")  # fmt: skip
    result["load"] = os.getloadavg()[0]
    result["sections"] = {key: value / args.repeat for key, value in sections.items()}
    if args.queries:
        result["queries"] = slowest(period, args.queries)
    Path(args.result).write_text(json.dumps(result))


# ---------------------------------------------------------------- the runs and the table


def start_postgresql(directory: str) -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = str(ROOT / "scripts" / "pg-throwaway")
    started = subprocess.run(  # noqa: S603 — the repository's own script
        [script, "start", directory, str(port)], check=True, capture_output=True, text=True
    )
    return started.stdout.strip().splitlines()[-1].rsplit("/", 1)[0]


def on_postgresql(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def fresh(
    database: str, size: str, args: argparse.Namespace, server: str | None, name: str
) -> tuple[str, dict[str, str], list[str], Path]:
    """(folder, environment, command, result file) of one worker of this script on a fresh
    database `name`, copied from the template migrated once per run (harness.py)."""
    directory = tempfile.mkdtemp(prefix="tissage-report-bench-")
    env = {**os.environ, "TISSAGE_DATA_DIR": directory}
    env.pop("DATABASE_URL", None)
    copy_template(database, server, name, directory)
    if database == "postgresql" and server is not None:
        env["DATABASE_URL"] = f"{server}/{name}"
    result_file = Path(directory) / "result.json"
    command = [sys.executable, __file__, "--database", database, "--size", size]
    command += ["--result", str(result_file), "--repeat", str(args.repeat)]
    command += ["--seed", str(args.seed), "--queries", str(args.queries)]
    return directory, env, command, result_file


def run(database: str, size: str, args: argparse.Namespace, server: str | None) -> dict:
    say(f"== {database}, {size_label(size)} (load {load()})")
    name = f"bench_{size}"
    directory, env, command, result_file = fresh(database, size, args, server, name)
    try:
        code = subprocess.call(command, env=env)  # noqa: S603 — this very script
        if code != 0:
            return {"database": database, "size": size, "error": code}
        return json.loads(result_file.read_text())
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        if server is not None:
            on_postgresql(server, f"DROP DATABASE IF EXISTS {name}")


def side_by_side(
    databases: list[str], sizes: list[str], args: argparse.Namespace, server: str | None
) -> list[dict]:
    """What run() gives for each database and size, the generation of a size running on
    every database at once: one worker per database (this script with --serve, on a fresh
    database), all told to generate; once all are done, each is told to measure in turn
    while the others wait. Results in the order of run(): database by database."""
    from harness import Worker, WorkerFailed, alone, together

    found: dict[tuple[str, str], dict] = {}
    for size in sizes:
        say(f"== {size_label(size)}: generated on {' and '.join(databases)} side by side "
            f"(load {load()})")  # fmt: skip
        with contextlib.ExitStack() as stack:
            workers, files = [], {}
            for database in databases:
                name = f"bench_{size}_{database}"
                directory, env, command, files[database] = fresh(database, size, args, server, name)
                stack.callback(shutil.rmtree, directory, ignore_errors=True)
                if database == "postgresql" and server is not None:
                    stack.callback(on_postgresql, server, f"DROP DATABASE IF EXISTS {name}")
                worker = Worker(database, [*command, "--serve"], env, prefix=f"{database:<10}  ")
                stack.callback(worker.close)  # before its database and folder go
                workers.append(worker)
            generated = together(workers, "generate")
            for worker in workers:
                key = (worker.name, size)
                if isinstance(generated[worker.name], WorkerFailed):
                    found[key] = {"database": worker.name, "size": size, "error": "generation"}
                    say(f"    {generated[worker.name]}")
                    continue
                say(f"== {worker.name}, {size_label(size)}: timed alone (load {load()})")
                try:
                    with alone(worker.name, server):
                        worker.run("measure")
                    found[key] = json.loads(files[worker.name].read_text())
                except (WorkerFailed, OSError, ValueError) as failure:
                    found[key] = {"database": worker.name, "size": size, "error": "measure"}
                    say(f"    {failure}")
    return [found[(database, size)] for database in databases for size in sizes]


def size_label(size: str) -> str:
    return size if size == "dataset" else f"{int(size):,}"


def verdict(result: dict) -> str:
    if "error" in result:
        return f"✗ failed ({result['error']})"
    report = statistics.median(result["engine"])
    ratio = report / statistics.median(result["baseline"])
    if result["size"] == "dataset":
        return "✓ < 2 s" if report < 2 else "✗ ≥ 2 s"
    if int(result["size"]) >= 1_000_000:
        return f"{'✓' if report < 20 else '✗'} < 20 s, {'✓' if ratio <= 1.5 else '✗'} ≤ 1.5x"
    return "—"


def table(results: list[dict]) -> str:
    lines = [
        "| database | size | interventions | report build (s) | baseline SQL (s) | ratio "
        "| target | data load (s) | load avg |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for r in results:
        if "error" in r:
            lines.append(
                f"| {r['database']} | {size_label(r['size'])} | | | | | {verdict(r)} | | |"
            )
            continue
        report, base = statistics.median(r["engine"]), statistics.median(r["baseline"])
        lines.append(
            f"| {r['database']} | {size_label(r['size'])} | {r['rows']['interventions']:,} "
            f"| {report:.3f} | {base:.3f} | {report / base:.2f} | {verdict(r)} "
            f"| {r['load_s']:.0f} | {r['load']:.1f} |"
        )
    return "\n".join(lines)


def breakdown(results: list[dict]) -> list[str]:
    """Per result, the template's sections that take most of the build, and the time of the
    sections other apps add to the template, which the baseline does not compute."""
    lines = []
    for r in results:
        if "sections" not in r:
            continue
        total = sum(r["sections"].values()) or 1
        top = sorted(r["sections"].items(), key=lambda item: -item[1])[:5]
        parts = ", ".join(
            f"{key} {value:.2f} s ({100 * value / total:.0f} %)" for key, value in top
        )
        others = {k: v for k, v in r["sections"].items() if k not in COVERED}
        if others:
            parts += f"; {len(others)} sections outside the baseline {sum(others.values()):.2f} s"
        lines.append(f"- {r['database']}, {size_label(r['size'])}: {parts}")
    return lines


SIDE_BY_SIDE = """
Each size was generated on both databases at once (so "data load" is longer than alone),
then timed on each database alone, the other one idle and autovacuum off while SQLite was
timed."""

# What the engine does to stay near the baseline; kept in the section on every --write-docs.
ENGINE_NOTES = """\
How the engine stays near the baseline (`tissage/reports/queries.py`, `memo.py`), every
number unchanged (`tissage/reports/tests/test_engine_queries.py` compares each registered
indicator with its plain COUNT(DISTINCT …) definition on records that repeat rows):

- each question is asked once per build: the persons met are the summary's first figure and
  the denominator of the four portrait tables, the interventions of each year are the totals
  of both five-year tables and the record-high history, the places ranking and the leader
  highlight group the same rows — answers (numbers, groups, labels) are remembered for the
  length of one `build_report` call and forgotten after, so a second build sees every change;
- COUNT(*) instead of COUNT(DISTINCT pk) when no join of the query can repeat a record, and
  for a table grouped by a many-to-many term (a record is linked once to a given term);
- `pk IN (ids)` instead of a join and COUNT(DISTINCT …) for the persons met (ids read on the
  link table of the period's interventions) and for distinct persons (a hash of ids instead
  of a sort on PostgreSQL), then COUNT(*);
- `key IS NOT NULL` when a table does not show its "Not specified" row (inner join);
- interventions per person as two totals (interventions, distinct persons), the first shared;
- on PostgreSQL, a five-year table is one query (the year a CASE bucket of the date, as in the
  baseline) instead of one per year, each of which hashed the whole link table; SQLite sorts
  to group, and there one query per year on the date index stays faster (1.2 s against 2 s
  per table at 1,000,000).

Before these changes (same machine, 2026-12-03, load average 6–12, this script on the code
before them): SQLite 0.78 / 0.47 s (1.65x) for the dataset, 3.19 / 2.08 s (1.53x) at
100,000, 51.1 / 35.3 s (1.45x) at 1,000,000; PostgreSQL 1.76 / 0.46 s (3.83x), 4.03 / 1.53 s
(2.64x), 54.1 / 22.9 s (2.36x). On 2026-11-25 (load below 2): 1.47x and 2.16x at 1,000,000.
With every change but the last (one query per year on PostgreSQL too), the same command gave
PostgreSQL 0.60 / 0.29 s (2.06x), 2.46 / 1.02 s (2.42x) and 9.35 / 6.72 s (1.39x). On SQLite
the baseline's five-year statements (CASE bucket, grouped by label) take longer than the
engine's per-year queries, hence a ratio below 1 there.
"""


def document(
    results: list[dict], info: dict[str, str], command: str, repeat: int, together: bool = False
) -> str:
    servers = sorted({r["server"] for r in results if r.get("server")})
    return f"""{SECTION}

Issue #4: the whole outreach report, `build_report("outreach", fiscal_year(2023),
language="fr-ca")` (the engine: one query per table and period, each asked once per build),
against a baseline that computes the same tables with hand-written SQL on the same database:
one statement per table (the summary with scalar subqueries, one per portrait dimension, one
per five-year table with the fiscal year as a CASE bucket, places, the two referral rankings,
interventions per fiscal year for the record-high highlight). Both are checked to agree
(totals, five-year top-10 tables, portraits, rankings) before they are timed; median of
{repeat} runs after a warm-up, engine and baseline interleaved so that both see the same load.

Data: `dataset` is `tissage/testdata/outreach-2023-24` imported with `tissage import
--dataset`; a number is a synthetic organization with that many interventions over the five
fiscal years 19/20–23/24, drawn from the dataset's distributions (types and problem areas per
year, places, durations, portrait; `bench/report_data.py`, seed {SEED}): N/17 persons (3 % of
interventions with two), 1–2 types, 0–3 problem areas, N/40 referrals to 150 organizations.
"Data load" is the import or the generation, ANALYZE included. Sections that other apps add to
the outreach template (collective activities, members, organization life) are part of the
build time but not of the baseline; their tables are empty here (their time is listed below).

Run on {datetime.date.today()} with `{command}`.{SIDE_BY_SIDE if together else ""}
Machine: {info["cpus"]} CPUs ({info["cpu"]}), {info["ram"]} RAM, {info["os"]}; Python
{info["python"]}, SQLite {info["sqlite"]}, PostgreSQL {", ".join(servers) or "—"}, a
throwaway cluster (`scripts/pg-throwaway`: default settings, fsync off). The machine was
shared with other jobs during the run, so absolute times vary by ±50 % from one run to the
next; the ratio, measured under the same load, is steadier. Load average (1, 5, 15 min):
{info["load_start"]} at the start, {info["load_end"]} at the end; "load avg" is the 1-minute
figure after the timed runs.

{table(results)}

Targets: under 2 s for the dataset; at 1,000,000 interventions under 20 s and within 1.5x of
the baseline.

Where the build's time goes (sections of the template, mean of the timed runs):

{chr(10).join(breakdown(results))}

{ENGINE_NOTES}"""


def write_docs(text: str, info: dict[str, str]) -> None:
    if DOC.exists():
        content = DOC.read_text(encoding="utf-8")
        start = content.find(SECTION + "\n")
        if start >= 0:
            end = content.find("\n## ", start + len(SECTION))
            content = content[:start] + text + ("\n" + content[end + 1 :] if end >= 0 else "")
        else:
            content = content.rstrip("\n") + "\n\n" + text
    else:
        content = (
            "# Performance\n\nFigures printed by the scripts of `bench/`, run on demand.\n\n"
            f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram']} RAM, {info['os']}, "
            f"Python {info['python']}, SQLite {info['sqlite']}.\n\n{text}"
        )
    DOC.write_text(content, encoding="utf-8")
    say(f"Written: {DOC.relative_to(ROOT)}, section “{SECTION[3:]}”.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="dataset,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--queries", type=int, default=0, help="print the N slowest queries")
    parser.add_argument("--write-docs", action="store_true", help=f"update {SECTION[3:]!r}")
    for hidden in ("--database", "--size", "--result"):  # a worker: one database, one size
        parser.add_argument(hidden, help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.result:
        worker(args)
        return
    begun = time.perf_counter()
    info = machine()
    info["load_start"] = load()
    say(f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram']} RAM, Python "
        f"{info['python']}, SQLite {info['sqlite']}; load {info['load_start']}")  # fmt: skip
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    results = []
    for database in [name.strip() for name in args.databases.split(",") if name.strip()]:
        if database not in ("sqlite", "postgresql"):
            raise SystemExit(f"unknown database {database!r}")
        cluster = (
            tempfile.mkdtemp(prefix="tissage-report-bench-pg-") if database != "sqlite" else None
        )
        try:
            server = start_postgresql(cluster) if cluster else None
            results += [run(database, size, args, server) for size in sizes]
        finally:
            if cluster:
                stop = [str(ROOT / "scripts" / "pg-throwaway"), "stop", cluster]
                subprocess.run(stop, check=False)  # noqa: S603 — the repository's own script
    info["load_end"] = load()
    say("")
    say(table(results))
    say("")
    say("Where the build's time goes:")
    for line in breakdown(results):
        say(line)
    for r in results:
        for seconds, sql in r.get("queries", []):
            say(f"  {r['database']} {size_label(r['size'])} {seconds:.3f} s  {sql[:400]}")
    minutes = (time.perf_counter() - begun) / 60
    say(f"Load average at the end: {info['load_end']}; total {minutes:.1f} min")
    if args.write_docs:
        command = " ".join(["bench/report_bench.py", *sys.argv[1:]])
        write_docs(document(results, info, f".venv/bin/python {command}", args.repeat), info)
    if any("error" in r for r in results):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
