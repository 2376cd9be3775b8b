"""The outreach report's figures recomputed from the raw CSV files, with the csv module only.

This is the independent check of the report engine: it shares no code with it. It reads
tissage/testdata/outreach-2023-24/*.csv and returns the same structure as expected.json.
"""

import csv
from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DATASET = Path(__file__).with_name("outreach-2023-24")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATASET / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _fiscal_label(day: str) -> str:
    parsed = date.fromisoformat(day)
    start = parsed.year if parsed.month >= 4 else parsed.year - 1
    return f"{start % 100:02d}/{(start + 1) % 100:02d}"


def _pct(part: int, whole: int) -> int:
    return int(Decimal(100 * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def recompute(current: str = "23/24") -> dict:
    persons = {row["code"]: row for row in _rows("personnes.csv")}
    interventions = _rows("interventions.csv")
    referrals = [row for row in _rows("references.csv") if _fiscal_label(row["date"]) == current]
    by_year: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in interventions:
        by_year[_fiscal_label(row["date"])].append(row)
    this_year = by_year[current]
    served = {row["code_personne"] for row in this_year}

    def portrait(column: str) -> dict[str, int]:
        counts = Counter(persons[code][column] for code in served)
        return {label: _pct(count, len(served)) for label, count in counts.items()}

    def multi(rows: list[dict[str, str]], column: str) -> Counter[str]:
        found: Counter[str] = Counter()
        for row in rows:
            found.update(value for value in row[column].split(" | ") if value)
        return found

    years = sorted(by_year)[-5:]

    def five_years(column: str) -> dict[str, dict[str, int | None]]:
        counts = {year: multi(by_year[year], column) for year in years}
        top = [label for label, _count in _ranked(counts[current])[:10]]
        return {label: {year: counts[year][label] or None for year in years} for label in top}

    out = [row for row in referrals if row["sens"] == "sortante"]
    into = [row for row in referrals if row["sens"] == "entrante"]
    problems = multi(this_year, "problematiques")
    places = Counter(row["lieu"] for row in this_year)
    totals = {year: len(rows) for year, rows in by_year.items()}
    return {
        "persons_served": len(served),
        "distinct_problems": len(problems),
        "interventions": len(this_year),
        "referrals_out": len(out),
        "persons_referred_out": len({row["code_personne"] for row in out}),
        "organizations_referred_to": len({row["organisme"] for row in out}),
        "persons_referred_in": len({row["code_personne"] for row in into}),
        "organizations_referring": len({row["organisme"] for row in into}),
        "interventions_per_person": round(len(this_year) / len(served), 1),
        "gender_pct": portrait("genre"),
        "language_pct": portrait("langue"),
        "age_pct": portrait("groupe_age"),
        "town_pct": portrait("municipalite"),
        "top10_problems": five_years("problematiques"),
        "top10_types": five_years("types"),
        "places": _ranked(places),
        "referred_to": _ranked(Counter(row["organisme"] for row in out)),
        "referred_by": _ranked(Counter(row["organisme"] for row in into)),
        "interventions_record": totals[current] == max(totals.values()),
        "years": years,
    }
