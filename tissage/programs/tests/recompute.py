"""The funders' tables recomputed from the stored rows with plain Python: the independent check
of `metrics.py` and the blocks. It shares no code with them: rows come out of the database as
dictionaries, the counting rules are written again here from REPORTS.md, numbers are formatted
by hand (half up, Québec style).
"""

from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tissage.programs.models import Enrolment, HourBand, Program
from tissage.reports.models import Target

NB = "\u00a0"


def _half_up(value: float, digits: int = 0) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _percent(actual: int, target: Decimal, digits: int = 0) -> str:
    number = str(_half_up(actual / float(target) * 100, digits)).replace(".", ",")
    return f"{number}{NB}%"


def _hours(minutes: float, to_the_hour: bool) -> str:
    if to_the_hour:
        return f"{int(_half_up(minutes / 60))}h"
    whole = int(_half_up(minutes))
    return f"{whole // 60}h{whole % 60:02d}" if whole % 60 else f"{whole // 60}h"


def recompute(start: date, end: date) -> dict:
    programs = {p["id"]: p for p in Program.objects.values()}
    rows = list(Enrolment.objects.values())
    by_id = {row["id"]: row for row in rows}
    linked: dict[int, int] = defaultdict(int)
    for enrolment_id, minutes in Enrolment.interventions.through.objects.values_list(
        "enrolment_id", "intervention__duration_minutes"
    ):
        linked[enrolment_id] += minutes or 0
    bands: dict[int, list[tuple[Decimal, str]]] = defaultdict(list)
    for program_id, code, low in HourBand.objects.values_list("program_id", "code", "min_hours"):
        bands[program_id].append((low, code))
    targets = {
        (t.indicator_code, t.period_start, t.period_end): t.value for t in Target.objects.all()
    }

    def within(day: date | None, first: date = start, last: date = end) -> bool:
        return day is not None and first <= day <= last

    new = Counter(
        r["program_id"]
        for r in rows
        if within(r["start_date"]) and r["eligible"] and not r["readmission"]
    )
    readmitted = Counter(
        r["program_id"] for r in rows if within(r["start_date"]) and r["readmission"]
    )

    def own(row: dict) -> int:
        direct = row["direct_minutes"] if row["direct_minutes"] is not None else linked[row["id"]]
        return direct + (row["indirect_minutes"] or 0)

    continued = {r["continues_id"] for r in rows if r["continues_id"]}
    ended = [
        r for r in rows
        if r["status"] != "active" and within(r["end_date"]) and r["id"] not in continued
    ]  # fmt: skip
    participations: dict[int, list[tuple[str, int]]] = defaultdict(list)
    employed = Counter()
    for row in ended:
        minutes, funded, part = 0, "", row
        while part is not None:
            minutes += own(part)
            funded = funded or part["funded_level"]
            part = by_id.get(part["continues_id"])
        level = funded
        if not level and bands[row["program_id"]]:
            ordered = sorted(bands[row["program_id"]])
            level = ordered[0][1]
            for low, code in ordered:
                if minutes >= low * 60:
                    level = code
        participations[row["program_id"]].append((level, minutes))
        if row["outcome"] == "job":
            employed[row["program_id"]] += 1

    found: dict = {"production": {}, "impact": {}, "levels": {}}
    table = [p for p in sorted(programs.values(), key=lambda p: (p["order"], p["name"]))]
    services = [p for p in table if p["in_enrolment_table"] and p["agreement_id"] == _sq(programs)]
    found["nine_services"] = [
        (p["name"], [str(new[p["id"]]), str(readmitted[p["id"]]) if p["tracks_readmissions"]
                     else "NA"])
        for p in services
    ]  # fmt: skip
    found["nine_total"] = [
        str(sum(new[p["id"]] for p in services)),
        str(sum(readmitted[p["id"]] for p in services if p["tracks_readmissions"])),
    ]
    for pk, program in programs.items():
        code = program["code"]
        for metric, actual, key in (("new_participants", new[pk], "production"),
                                    ("employed", employed[pk], "impact")):  # fmt: skip
            goal = targets.get((f"programs.{metric}:{code}", start, end))
            if goal is not None:
                found[key][code] = (str(int(goal)), str(actual), _percent(actual, goal)[:-2])
        done = participations.get(pk, [])
        hour = program["hours_rounding"] == "hour"
        levels = []
        for _low, level in sorted(bands[pk]):
            minutes = [m for lvl, m in done if lvl == level]
            shown = _hours(sum(minutes) / len(minutes), hour) if minutes else "-"
            levels.append((level, str(len(minutes)), shown))
        if done:
            overall = _hours(sum(m for _l, m in done) / len(done), hour)
            found["levels"][code] = [*levels, ("", str(len(done)), overall)]
    found["semesters"] = _semesters(rows, programs, targets, start, end)
    pasi = {pk for pk, p in programs.items() if p["code"].startswith("pasi-")}
    found["residence_total"] = len(
        {r["person_id"] for r in rows if r["program_id"] in pasi and within(r["start_date"])}
    )
    return found


def _sq(programs: dict) -> int:
    """The agreement of the nine services: the one of the program listed first."""
    first = min(programs.values(), key=lambda p: (p["order"], p["name"]))
    return first["agreement_id"]


def _semesters(rows: list, programs: dict, targets: dict, start: date, end: date) -> list:
    middle = date(start.year + (start.month + 5) // 12, (start.month + 5) % 12 + 1, 1)
    halves = [(start, middle - timedelta(days=1)), (middle, end)]
    volets = ["pasi-1a", "pasi-1b", "pasi-2", "pasi-4a"]
    by_code = {p["code"]: pk for pk, p in programs.items()}
    table, total = [], [0] * 5
    for code in volets:
        pk = by_code[code]
        mine = [r for r in rows if r["program_id"] == pk and not r["readmission"]]
        counts = [
            sum(1 for r in mine if r["eligible"] and first <= r["start_date"] <= last)
            for first, last in halves
        ]
        refused = sum(1 for r in mine if not r["eligible"] and start <= r["start_date"] <= end)
        eligible = sum(counts)
        numbers = [*counts, refused, eligible + refused, eligible]
        if code != "pasi-2":
            total = [a + b for a, b in zip(total, numbers, strict=True)]
        goal = targets[(f"programs.new_participants:{code}", start, end)]
        table.append(
            [programs[pk]["name"], *map(str, numbers), str(int(goal)), _percent(eligible, goal, 1)]
        )
    table.append([*map(str, total), "--", "--"])
    return table
