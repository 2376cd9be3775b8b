"""Data for bench/report_bench.py: a synthetic organization drawn from the outreach dataset.

`Synthetic(count, seed).run()` fills the current database with `count` interventions over the
dataset's five fiscal years (19/20 to 23/24), their persons, workers, types and problem areas,
and referrals, the same for a given seed. Per-year type and problem-area counts, places,
durations and the persons' portrait are the dataset's own (tissage/testdata/outreach-2023-24).
Rows go in by COPY on PostgreSQL and executemany on SQLite, in chunks of 10,000 interventions
with a progress line every 10 %: 1,000,000 interventions take well under a minute on SQLite.
"""

import bisect
import datetime
import itertools
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "tissage" / "testdata" / "outreach-2023-24"
YEARS = [2019, 2020, 2021, 2022, 2023]  # fiscal years (April–March) of the dataset
NOW = "2024-04-01 12:00:00+00:00"
CHUNK = 10_000
M2M = ["persons", "workers", "types", "problems"]


def say(text: str) -> None:
    print(text, flush=True)


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
    """Fast inserts: COPY on PostgreSQL, executemany on SQLite. The generator names the
    columns it fills; columns added to a model since get their default (or NULL, or "")."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.postgresql = connection.vendor == "postgresql"
        self.count: Counter[str] = Counter()
        self.extra: dict[str, tuple[list[str], tuple]] = {}

    def check(self, model: Any, columns: list[str]) -> None:
        from django.db import models

        fields = {field.column: field for field in model._meta.concrete_fields}
        if unknown := set(columns) - set(fields):
            raise SystemExit(
                f"{model._meta.db_table} has no {sorted(unknown)}: update the generator"
            )
        names, values = [], []
        for column, field in fields.items():
            if column in columns:
                continue
            if field.has_default():
                value = field.get_db_prep_save(field.get_default(), self.connection)
            elif field.null:
                value = None
            elif isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise SystemExit(f"{model._meta.db_table}.{column}: no value; update the generator")
            names.append(column)
            values.append(value)
        self.extra[model._meta.db_table] = (names, tuple(values))

    def put(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        names, values = self.extra.get(table, ([], ()))
        if names:
            columns, rows = [*columns, *names], [row + values for row in rows]
        names = ", ".join(columns)
        with self.connection.cursor() as cursor:
            if self.postgresql:
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 — our names
                cursor.executemany(sql, rows)
        self.count[table] += len(rows)


class Synthetic:
    """An organization of `count` interventions over the dataset's five fiscal years, the
    same for a given seed. Persons: a sliding window of 3/7 of them is active each year, the
    first ones of a window met far more often than the last (squared uniform draw)."""

    def __init__(self, count: int, seed: int) -> None:
        from tissage.lib.text import match_key
        from tissage.vocabularies.models import Term

        def terms(code: str) -> dict[str, int]:
            found = Term.objects.filter(vocabulary__code=code)
            return {match_key(t.label_fr): t.pk for t in found}

        self.count = count
        self.rng = random.Random(seed)  # noqa: S311 — invented data
        self.loader = Loader()
        dist = distributions()
        columns = [("genre", "gender"), ("groupe_age", "age_group"), ("langue", "language")]
        columns.append(("municipalite", "municipality"))
        self.portrait = {column: Picker(dist[column], terms(code)) for column, code in columns}
        types, problems = terms("intervention_type"), terms("problem")
        self.types = {y: Picker(dist[("types", y)], types) for y in YEARS}
        self.problems = {y: Picker(dist[("problematiques", y)], problems) for y in YEARS}
        self.places, self.durations = (
            Picker(dist["lieu"], terms("place")),
            Picker(dist["duree_min"]),
        )
        self.problem_count = Picker(Counter({0: 28, 1: 50, 2: 15, 3: 7}))
        total = sum(dist["years"][y] for y in YEARS)
        self.per_year = {y: round(count * dist["years"][y] / total) for y in YEARS}
        self.per_year[YEARS[-1]] += count - sum(self.per_year.values())
        self.persons = max(50, count // 17)

    def run(self) -> dict[str, int]:
        from django.core.management.color import no_style

        from tissage.people.models import Intervention, Person, Referral

        if not self.loader.postgresql and not self.loader.connection.in_atomic_block:
            with self.loader.connection.cursor() as cursor:  # this connection only
                cursor.execute("PRAGMA cache_size = -262144")
                cursor.execute("PRAGMA synchronous = OFF")
        self.workers, self.organizations = self.others()
        self.fill_persons()
        self.fill_interventions()
        self.fill_referrals()
        connection = self.loader.connection
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Person, Intervention, Referral]
            ):
                cursor.execute(sql)
        return dict(self.loader.count)

    def others(self) -> tuple[list[int], Picker]:
        """Workers (one per 25,000 interventions, at least 10) and 150 organizations."""
        from django.contrib.auth.hashers import make_password

        from tissage.accounts.models import User
        from tissage.directory.models import Organization

        names = [f"BENCH-{n:03d}" for n in range(max(10, self.count // 25_000))]
        User.objects.bulk_create(
            User(username=name, role="worker", is_active=False, password=make_password(None))
            for name in names
        )
        workers = list(User.objects.filter(username__in=names).values_list("pk", flat=True))
        organizations = Organization.objects.bulk_create(
            Organization(name=f"Organisme partenaire {n}", name_key=f"organisme partenaire {n}")
            for n in range(1, 151)
        )
        # A few organizations receive most referrals (Zipf-like weights).
        weights = Counter({o.pk.hex: 1 / n**0.8 for n, o in enumerate(organizations, start=1)})
        return workers, Picker(weights)

    def fill_persons(self) -> None:
        from django.db import transaction

        from tissage.people.models import Person

        columns = [
            "id", "code", "alias", "first_name", "last_name", "gender_id", "age_group_id",
            "birth_year", "language_id", "municipality_id", "immigration_status_id",
            "country_of_origin", "income_source_id", "education_level_id", "newcomer",
            "team_id", "merged_into_id", "former_codes", "duplicate_key", "created_at",
            "updated_at", "created_by_id",
        ]  # fmt: skip
        self.loader.check(Person, columns)
        drawn = {key: picker.many(self.rng, self.persons) for key, picker in self.portrait.items()}
        gender, age, language, town = (drawn[k] for k in self.portrait)
        rows = [
            (i + 1, f"S{i + 1:07d}", "", "", "", gender[i], age[i], None, language[i], town[i],
             None, "", None, None, None, None, None, "[]", "", NOW, NOW, None)
            for i in range(self.persons)
        ]  # fmt: skip
        with transaction.atomic():
            for start in range(0, len(rows), CHUNK):
                self.loader.put(Person._meta.db_table, columns, rows[start : start + CHUNK])

    def person(self, year: int) -> int:
        k = YEARS.index(year)
        low, high = k * self.persons // 7, (k + 3) * self.persons // 7
        return low + int((high - low) * self.rng.random() ** 2) + 1

    def fill_interventions(self) -> None:
        from django.db import transaction

        from tissage.people.models import Intervention

        columns = [
            "id", "date", "time", "place_id", "duration_minutes", "notes", "follow_up",
            "import_key", "created_at", "updated_at", "created_by_id",
        ]  # fmt: skip
        self.loader.check(Intervention, columns)
        links = [Intervention._meta.get_field(name) for name in M2M]
        through = [(f.m2m_db_table(), [f.m2m_column_name(), f.m2m_reverse_name()]) for f in links]
        ids = itertools.count(1)
        done, shown, started = 0, 0, time.perf_counter()
        for year in YEARS:
            dates = self.dates(year, self.per_year[year])
            for start in range(0, len(dates), CHUNK):
                rows, linked = self.chunk(year, dates[start : start + CHUNK], ids)
                with transaction.atomic():
                    self.loader.put(Intervention._meta.db_table, columns, rows)
                    for (table, names), pairs in zip(through, linked, strict=True):
                        self.loader.put(table, names, pairs)
                done += len(rows)
                if done * 10 // self.count > shown:
                    shown = done * 10 // self.count
                    say(f"    interventions {done:>9,} / {self.count:,} ({10 * shown} %) "
                        f"{time.perf_counter() - started:5.0f} s")  # fmt: skip

    def dates(self, year: int, count: int) -> list[str]:
        first = datetime.date(year, 4, 1)
        days = (datetime.date(year + 1, 4, 1) - first).days
        return [
            str(first + datetime.timedelta(d))
            for d in sorted(self.rng.choices(range(days), k=count))
        ]

    def chunk(
        self, year: int, dates: list[str], ids: Iterator[int]
    ) -> tuple[list[tuple], list[list[tuple]]]:
        """Interventions and their links: persons (3 % have two), a worker, 1–2 types, 0–3
        problem areas."""
        rng, types, problems = self.rng, self.types[year], self.problems[year]
        rows: list[tuple] = []
        persons: list[tuple] = []
        workers: list[tuple] = []
        kinds: list[tuple] = []
        named: list[tuple] = []
        for day in dates:
            pk = next(ids)
            place, minutes = self.places.one(rng), self.durations.one(rng)
            rows.append((pk, day, None, place, minutes, "", 0, None, NOW, NOW, None))
            met = {self.person(year)}
            if rng.random() < 0.03:
                met.add(self.person(year))
            persons += [(pk, p) for p in met]
            workers.append((pk, self.workers[rng.randrange(len(self.workers))]))
            chosen = {types.one(rng), types.one(rng)} if rng.random() < 0.1 else {types.one(rng)}
            kinds += [(pk, t) for t in chosen]
            named += [
                (pk, p) for p in {problems.one(rng) for _ in range(self.problem_count.one(rng))}
            ]
        return rows, [persons, workers, kinds, named]

    def fill_referrals(self) -> None:
        """One referral per 40 interventions, 80 % out, over the same years."""
        from django.db import transaction

        from tissage.people.models import Referral

        columns = [
            "id", "date", "person_id", "direction", "organization_id", "reason", "outcome",
            "notes", "import_key", "created_at", "updated_at", "created_by_id",
        ]  # fmt: skip
        self.loader.check(Referral, columns)
        outcomes = [value for value, _label in Referral.Outcome.choices]
        rows: list[tuple] = []
        for year in YEARS:
            for day in self.dates(year, self.per_year[year] // 40):
                direction = "out" if self.rng.random() < 0.8 else "in"
                organization = self.organizations.one(self.rng)
                rows.append((len(rows) + 1, day, self.person(year), direction, organization, "",
                             self.rng.choice(outcomes), "", None, NOW, NOW, None))  # fmt: skip
        with transaction.atomic():
            self.loader.put(Referral._meta.db_table, columns, rows)
