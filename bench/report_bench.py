"""Annual report benchmark (issue #4): the outreach report against hand-written SQL.

    .venv/bin/python bench/report_bench.py                      # dataset, 100k, 1M × SQLite, PostgreSQL
    .venv/bin/python bench/report_bench.py --sizes dataset,100000 --databases sqlite
    .venv/bin/python bench/report_bench.py --write-docs         # also record in docs/performance.md

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
import bisect
import datetime
import itertools
import json
import os
import platform
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "tissage" / "testdata" / "outreach-2023-24"
DOC = ROOT / "docs" / "performance.md"
SECTION = "## Annual report"
YEARS = [2019, 2020, 2021, 2022, 2023]  # fiscal years (April–March) of the dataset
NOW = "2024-04-01 12:00:00+00:00"
CHUNK = 10_000


def say(text: str) -> None:
    print(text, flush=True)


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, str]:
    def first(path: str, prefix: str) -> str:
        try:
            lines = Path(path).read_text().splitlines()
        except OSError:
            return "?"
        return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), "?")

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


# ---------------------------------------------------------------- data (in the worker)


def distributions() -> dict[str, Any]:
    """Counts read from the outreach dataset's CSV files, by label."""
    import csv

    def rows(name: str) -> list[dict[str, str]]:
        with (DATASET / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter=";"))

    found: dict[str, Any] = defaultdict(Counter)
    for row in rows("personnes.csv"):
        for column in ("genre", "groupe_age", "langue", "municipalite"):
            found[column][row[column]] += 1
    for row in rows("interventions.csv"):
        day = datetime.date.fromisoformat(row["date"])
        year = day.year if day.month >= 4 else day.year - 1
        found["years"][year] += 1
        found["lieu"][row["lieu"]] += 1
        found["duree_min"][int(row["duree_min"])] += 1
        for column in ("types", "problematiques"):
            found[(column, year)].update(v for v in row[column].split(" | ") if v)
    return found


class Picker:
    """Weighted draws of database ids from label counts."""

    def __init__(self, counts: Counter, ids: dict[str, Any] | None = None) -> None:
        from tissage.lib.text import match_key

        pairs = [((ids[match_key(k)] if ids is not None else k), n) for k, n in counts.items()]
        self.values = [value for value, _count in pairs]
        self.cumulative = list(itertools.accumulate(count for _value, count in pairs))

    def many(self, rng: random.Random, count: int) -> list[Any]:
        return rng.choices(self.values, cum_weights=self.cumulative, k=count)

    def one(self, rng: random.Random) -> Any:
        index = bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])
        return self.values[min(index, len(self.values) - 1)]


class Loader:
    """Fast inserts: COPY on PostgreSQL, executemany on SQLite; columns checked against the
    models so that a new column fails here rather than producing a wrong database."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.postgresql = connection.vendor == "postgresql"
        self.count: Counter[str] = Counter()

    def check(self, model: Any, columns: list[str]) -> None:
        have = sorted(field.column for field in model._meta.concrete_fields)
        if have != sorted(columns):
            raise SystemExit(f"{model._meta.db_table} has columns {have}: update the generator")

    def put(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        with self.connection.cursor() as cursor:
            if self.postgresql:
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        self.count[table] += len(rows)


def generate(count: int, seed: int) -> dict[str, int]:
    """`count` interventions and what goes with them, the same for a given seed."""
    from django.contrib.auth.hashers import make_password
    from django.core.management.color import no_style
    from django.db import transaction

    from tissage.accounts.models import User
    from tissage.directory.models import Organization
    from tissage.lib.text import match_key
    from tissage.people.models import Intervention, Person, Referral
    from tissage.vocabularies.models import Term

    rng = random.Random(seed)
    dist = distributions()
    loader = Loader()
    if not loader.postgresql:
        with loader.connection.cursor() as cursor:  # this connection only; closed afterwards
            cursor.execute("PRAGMA cache_size = -262144")
            cursor.execute("PRAGMA synchronous = OFF")

    def terms(code: str) -> dict[str, int]:
        return {match_key(t.label_fr): t.pk for t in Term.objects.filter(vocabulary__code=code)}

    portrait = {
        column: Picker(dist[column], terms(code))
        for column, code in [
            ("genre", "gender"),
            ("groupe_age", "age_group"),
            ("langue", "language"),
            ("municipalite", "municipality"),
        ]
    }
    types, problems = terms("intervention_type"), terms("problem")
    type_of = {y: Picker(dist[("types", y)], types) for y in YEARS}
    problem_of = {y: Picker(dist[("problematiques", y)], problems) for y in YEARS}
    places, durations = Picker(dist["lieu"], terms("place")), Picker(dist["duree_min"])
    problem_count = Picker(Counter({0: 28, 1: 50, 2: 15, 3: 7}))

    workers = User.objects.bulk_create(
        User(username=f"BENCH-{n:03d}", role="worker", is_active=False, password=make_password(None))
        for n in range(max(10, count // 25_000))
    )
    worker_ids = list(
        User.objects.filter(username__in=[w.username for w in workers]).values_list("pk", flat=True)
    )
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Organisme partenaire {n}", name_key=f"organisme partenaire {n}")
        for n in range(1, 151)
    )
    organization_ids = [o.pk.hex for o in organizations]
    organization_cumulative = list(itertools.accumulate(1 / n**0.8 for n in range(1, 151)))

    # Persons: a window of persons is active each year (3/7 of them, sliding), some met often.
    persons = max(50, count // 17)
    person_columns = [
        "id", "code", "alias", "first_name", "last_name", "gender_id", "age_group_id",
        "birth_year", "language_id", "municipality_id", "immigration_status_id",
        "country_of_origin", "income_source_id", "education_level_id", "newcomer", "team_id",
        "merged_into_id", "former_codes", "duplicate_key", "created_at", "updated_at",
        "created_by_id",
    ]  # fmt: skip
    loader.check(Person, person_columns)
    drawn = {column: picker.many(rng, persons) for column, picker in portrait.items()}
    with transaction.atomic():
        for start in range(0, persons, CHUNK):
            loader.put(
                Person._meta.db_table,
                person_columns,
                [
                    (i + 1, f"S{i + 1:07d}", "", "", "", drawn["genre"][i], drawn["groupe_age"][i],
                     None, drawn["langue"][i], drawn["municipalite"][i], None, "", None, None,
                     None, None, None, "[]", "", NOW, NOW, None)
                    for i in range(start, min(start + CHUNK, persons))
                ],
            )  # fmt: skip

    def person(year: int) -> int:
        k = YEARS.index(year)
        low, high = k * persons // 7, (k + 3) * persons // 7
        return low + int((high - low) * rng.random() ** 2) + 1

    share = {y: n / sum(dist["years"][y] for y in YEARS) for y, n in dist["years"].items()}
    per_year = {y: round(count * share[y]) for y in YEARS}
    per_year[YEARS[-1]] += count - sum(per_year.values())
    intervention_columns = [
        "id", "date", "time", "place_id", "duration_minutes", "notes", "follow_up",
        "import_key", "created_at", "updated_at", "created_by_id",
    ]  # fmt: skip
    loader.check(Intervention, intervention_columns)
    m2m = {
        name: Intervention._meta.get_field(name) for name in ("persons", "workers", "types", "problems")
    }
    through = {
        name: (f.m2m_db_table(), [f.m2m_column_name(), f.m2m_reverse_name()])
        for name, f in m2m.items()
    }
    ids = itertools.count(1)
    done, shown, started = 0, 0, time.perf_counter()
    for year in YEARS:
        first = datetime.date(year, 4, 1)
        days = [str(first + datetime.timedelta(days=d)) for d in range(366 if year % 4 == 3 else 365)]
        dates = sorted(rng.choices(days, k=per_year[year]))
        for start in range(0, len(dates), CHUNK):
            rows: list[tuple] = []
            links: dict[str, list[tuple]] = {name: [] for name in through}
            for day in dates[start : start + CHUNK]:
                pk = next(ids)
                rows.append((pk, day, None, places.one(rng), durations.one(rng), "", 0, None, NOW, NOW, None))  # fmt: skip
                met = {person(year)} if rng.random() < 0.97 else {person(year), person(year)}
                links["persons"] += [(pk, p) for p in met]
                links["workers"].append((pk, worker_ids[rng.randrange(len(worker_ids))]))
                kinds = {type_of[year].one(rng)}
                if rng.random() < 0.1:
                    kinds.add(type_of[year].one(rng))
                links["types"] += [(pk, t) for t in kinds]
                named = {problem_of[year].one(rng) for _ in range(problem_count.one(rng))}
                links["problems"] += [(pk, p) for p in named]
            with transaction.atomic():
                loader.put(Intervention._meta.db_table, intervention_columns, rows)
                for name, (table, columns) in through.items():
                    loader.put(table, columns, links[name])
            done += len(rows)
            if done * 10 // count > shown or done == count:
                shown = done * 10 // count
                elapsed = time.perf_counter() - started
                say(f"    interventions {done:>9,} / {count:,} ({100 * done // count} %) {elapsed:5.0f} s")

    referral_columns = [
        "id", "date", "person_id", "direction", "organization_id", "reason", "outcome", "notes",
        "import_key", "created_at", "updated_at", "created_by_id",
    ]  # fmt: skip
    loader.check(Referral, referral_columns)
    outcomes = [value for value, _label in Referral.Outcome.choices]
    rows = []
    for year in YEARS:
        first = datetime.date(year, 4, 1)
        for d in sorted(rng.randrange(365) for _ in range(per_year[year] // 40)):
            organization = rng.choices(organization_ids, cum_weights=organization_cumulative)[0]
            direction = "out" if rng.random() < 0.8 else "in"
            rows.append((len(rows) + 1, str(first + datetime.timedelta(days=d)), person(year), direction, organization, "", rng.choice(outcomes), "", None, NOW, NOW, None))  # fmt: skip
    with transaction.atomic():
        loader.put(Referral._meta.db_table, referral_columns, rows)
        with loader.connection.cursor() as cursor:
            for sql in loader.connection.ops.sequence_reset_sql(
                no_style(), [Person, Intervention, Referral]
            ):
                cursor.execute(sql)
    return dict(loader.count)


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


IN_PERIOD = "i.date BETWEEN %(start)s AND %(end)s"
MET = f"""SELECT ip.person_id FROM people_intervention_persons ip
    JOIN people_intervention i ON i.id = ip.intervention_id WHERE {IN_PERIOD}"""
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
FROM people_referral r WHERE r.date BETWEEN %(start)s AND %(end)s"""
PORTRAIT = f"""SELECT t.label_fr, COUNT(*) FROM people_person p
    LEFT JOIN vocabularies_term t ON t.id = p.{{column}}
    WHERE p.id IN ({MET}) GROUP BY t.id, t.label_fr"""
FIVE_YEARS = """SELECT t.label_fr, {bucket} AS y, COUNT(*) FROM people_intervention_{table} x
    JOIN people_intervention i ON i.id = x.intervention_id
    JOIN vocabularies_term t ON t.id = x.term_id
    WHERE i.date BETWEEN %(first)s AND %(end)s GROUP BY t.id, t.label_fr, y"""
PLACES = f"""SELECT t.label_fr, COUNT(*) FROM people_intervention i
    JOIN vocabularies_term t ON t.id = i.place_id WHERE {IN_PERIOD}
    GROUP BY t.id, t.label_fr ORDER BY COUNT(*) DESC, t.label_fr"""
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
        cases = " ".join(f"WHEN i.date < '{fiscal(y)[1] + datetime.timedelta(1)}' THEN {y}" for y in years)
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
        found[f"{key}_ranks"] = {k: [r.index(k) + 1 if k in r else None for r in ranked] for k in top}
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
