"""The employment centre's year 2024-25 (seed 002), rebuilt as records from its published tables.

`build_synthetic_year()` creates funders, agreements, programs with their hour bands and
targets, persons, enrolments (with hours, levels, statuses, outcomes), needs evaluations and
referrals, so that the report engine reproduces the centre's published tables: the nine
services (640 enrolments, 5 readmissions), group D (target 222, actual 233, 105 %; impact
target 122, actual 90, 74 %), the semester table of the integration program (142.5 %…).

Deterministic: the same seed gives the same records. Where the source is inconsistent (an
attainment that is not actual ÷ target, an average outside its levels), the records follow
the counts, and docs/programs.md says what Tissage shows instead.

How the year is made, per program: `new` participants start in the year; `exits` are the
participations that end in it, level by level (count, average minutes); `carry_over` of them
began the year before; readmissions continue an enrolment of the year before (the first
`readmissions_ended` of them end in the year). What remains of the new participants is still
active on June 30.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from tissage.directory.models import Organization
from tissage.lib.text import match_key
from tissage.people.models import Intervention, Person, Referral
from tissage.programs.metrics import target_code
from tissage.programs.models import Agreement, Enrolment, Funder, HourBand, NeedsEvaluation, Program
from tissage.programs.synthetic_specs import (
    BEFORE,
    COUNTRIES,
    LOCAL_OFFICE,
    MIFI,
    NEEDS_EVALUATIONS,
    NOT_REACHED,
    REFERRALS,
    RESIDENCE,
    SPECS,
    SQ,
    YEAR,
    H,
    Level,
    Spec,
)
from tissage.reports.models import Target
from tissage.reports.periods import quarter
from tissage.vocabularies.models import Term


@dataclass
class SyntheticYear:
    period: Any
    programs: dict[str, Program]
    persons: int = 0
    enrolments: int = 0


def spread(rng: random.Random, count: int, total: int, low: int, high: int) -> list[int]:
    """`count` whole numbers between `low` and `high` that add up to `total` exactly."""
    if not count * low <= total <= count * high:
        raise ValueError(f"{count} values in [{low}, {high}] cannot add up to {total}")
    values = [total // count] * count
    for index in range(total - sum(values)):
        values[index] += 1
    for _round in range(count * 4):
        i, j = rng.randrange(count), rng.randrange(count)
        step = min(rng.randint(0, 90), high - values[i], values[j] - low)
        if i != j and step > 0:
            values[i] += step
            values[j] -= step
    rng.shuffle(values)
    return values


def level_range(spec: Spec, level: Level) -> tuple[int, int]:
    """The minutes a participation of `level` may have: its band (the first band reaches
    down to 1 h), or anything reasonable for a program without levels."""
    if not spec.bands or level.funded:
        return (H, 100 * H)
    codes = [band[0] for band in spec.bands]
    index = codes.index(level.code)
    low = spec.bands[index][1] * H if index else H
    if index + 1 < len(spec.bands):
        high = spec.bands[index + 1][1] * H - 1
    else:
        high = max(spec.bands[index][2] or 0, spec.bands[index][1] + 20) * H
    return low, high


def _day(start: date, rng: random.Random, span: int) -> date:
    return start + timedelta(days=rng.randrange(span))


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 — invented data, reproducible
        self.terms = {
            code: {term.code: term for term in Term.objects.of(code)}
            for code in (
                "gender", "age_group", "education_level", "income_source", "municipality",
                "immigration_status", "referral_source", "non_completion_reason", "language",
            )
        }  # fmt: skip
        self.people: list[Person] = []

    def term(self, vocabulary: str, code: str) -> Term:
        return self.terms[vocabulary][code]

    def pick(self, vocabulary: str, weights: dict[str, int]) -> Term:
        codes = list(weights)
        return self.term(vocabulary, self.rng.choices(codes, weights=list(weights.values()))[0])

    def person(self, **fields: Any) -> Person:
        person = Person(code=f"E{len(self.people) + 1:05d}", **fields)
        self.people.append(person)
        return person

    def client(self) -> Person:
        """A person served by the employment services, with the portrait's characteristics."""
        return self.person(
            gender=self.pick("gender", {"woman": 52, "man": 47, "other-unspecified": 1}),
            age_group=self.pick(
                "age_group", {"18-24": 14, "25-34": 22, "35-44": 24, "45-54": 21, "55-64": 16,
                              "65-plus": 3},
            ),
            education_level=self.pick(
                "education_level", {"primary": 6, "secondary-incomplete": 24,
                                    "secondary-diploma": 28, "vocational-diploma": 18,
                                    "college": 12, "university": 8, "foreign-education": 4},
            ),
            income_source=self.pick(
                "income_source", {"employment-income": 30, "employment-insurance": 25,
                                  "social-assistance": 22, "no-income": 15, "other": 8},
            ),
            municipality=self.rng.choice(list(self.terms["municipality"].values())),
        )  # fmt: skip


def _exit_plan(spec: Spec, rng: random.Random) -> list[tuple[Level, int]]:
    plan = []
    for level in spec.exits:
        low, high = level_range(spec, level)
        for minutes in spread(rng, level.count, level.count * level.average, low, high):
            plan.append((level, minutes))
    rng.shuffle(plan)
    return plan


def _flags(spec: Spec, count: int, rng: random.Random) -> list[dict[str, Any]]:
    """Status, reason and outcome of each exit, as the program's published counts say."""
    flags: list[dict[str, Any]] = [{} for _i in range(count)]
    order = list(range(count))
    rng.shuffle(order)
    cursor = 0
    for kind, number in (("abandonment", spec.abandonment), ("other", spec.other_non_completion)):
        for index in order[cursor : cursor + number]:
            flags[index] = {"status": "not_completed", "abandonment": kind == "abandonment"}
        cursor += number
    others = [
        i
        for i in order
        if flags[i].get("status") == "not_completed" and not flags[i]["abandonment"]
    ]
    for index in others[: spec.trial]:
        flags[index]["trial"] = True
    rng.shuffle(order)
    cursor = 0
    for outcome, number in (
        ("job", spec.employed), ("studies", spec.studies), ("other_measure", spec.other_measure)
    ):  # fmt: skip
        for index in order[cursor : cursor + number]:
            flags[index]["outcome"] = outcome
        cursor += number
    for index in [i for i in order if flags[i].get("outcome") == "job"][: spec.wage_subsidy]:
        flags[index]["wage_subsidy"] = True
    for total, name in ((spec.internships, "internships"), (spec.companies, "companies")):
        for n in range(total):
            slot = flags[order[n % count]]
            slot[name] = slot.get(name, 0) + 1
    return flags


NON_COMPLETION_REASONS = {
    True: ("dropout-unreachable", "dropout-repeated-absences", "dropout-lost-interest"),
    False: ("found-employment", "health-reasons", "family-obligations", "moved-away", "other"),
}
REFERRED_BY = {
    "services-quebec": 45, "word-of-mouth": 20, "internet": 12, "community-organizations": 10,
    "own-initiative": 8, "social-media": 5,
}  # fmt: skip


class _Program:
    """The enrolments of one employment program, planned from its published counts."""

    def __init__(self, builder: _Builder, spec: Spec, program: Program) -> None:
        self.b, self.spec, self.program, self.rng = builder, spec, program, builder.rng
        self.first: list[Enrolment] = []  # saved first: nothing they continue
        self.readmissions: list[Enrolment] = []  # saved after the parts they continue
        self.links: list[tuple[Enrolment, Person, list[int], date]] = []

    def enrolment(self, person: Person, start: date, end: date | None, minutes: int,
                  **fields: Any) -> Enrolment:  # fmt: skip
        indirect = minutes // 5
        values: dict[str, Any] = {
            "person": person, "program": self.program, "start_date": start, "end_date": end,
            "status": "completed" if end else "active", "indirect_minutes": indirect,
            "direct_minutes": minutes - indirect,
            "referral_source": self.b.pick("referral_source", REFERRED_BY),
        }  # fmt: skip
        enrolment = Enrolment(**(values | fields))
        if self.spec.linked:  # the direct hours are the interventions' durations
            enrolment.direct_minutes = None
            parts = spread(self.rng, 3, minutes - indirect, 1, 24 * H)
            self.links.append((enrolment, person, parts, start))
        return enrolment

    def exit_fields(self, flag: dict[str, Any], end: date, level: Level) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "funded_level": level.code if level.funded else "",
            "internships": flag.get("internships", 0),
            "companies_contacted": flag.get("companies", 0),
            "wage_subsidy": flag.get("wage_subsidy", False),
        }
        if flag.get("status") == "not_completed":
            abandonment = flag["abandonment"]
            reason = self.rng.choice(NON_COMPLETION_REASONS[abandonment])
            if flag.get("trial"):
                reason = "trial-period-not-completed"
            fields |= {
                "status": "not_completed", "abandonment": abandonment,
                "reason": self.b.term("non_completion_reason", reason),
                "trial_period_not_completed": bool(flag.get("trial")),
            }  # fmt: skip
        if flag.get("outcome"):
            fields |= {"outcome": flag["outcome"], "outcome_date": end + timedelta(days=30)}
        return fields

    def plan(self) -> None:
        spec, rng = self.spec, self.rng
        exits = _exit_plan(spec, rng)
        flags = _flags(spec, len(exits), rng)
        kinds = ["carry"] * spec.carry_over + ["readmission"] * spec.readmissions_ended
        kinds += ["new"] * (len(exits) - len(kinds))
        for (level, minutes), flag, kind in zip(exits, flags, kinds, strict=True):
            person = self.b.client()
            if kind == "carry":
                start = _day(BEFORE.start + timedelta(days=180), rng, 180)
                end = _day(YEAR.start, rng, 150)
            else:
                start = _day(YEAR.start + timedelta(days=30), rng, 210)
                end = min(start + timedelta(days=rng.randrange(7, 110)), YEAR.end)
            fields = self.exit_fields(flag, end, level)
            if kind == "readmission":
                first = minutes * 2 // 5
                self.readmission(person, start, end, first, minutes - first, **fields)
            else:
                self.first.append(self.enrolment(person, start, end, minutes, **fields))
        for _n in range(spec.new - kinds.count("new")):  # still active on June 30
            start = _day(YEAR.start + timedelta(days=120), rng, 240)
            self.first.append(self.enrolment(self.b.client(), start, None, 10 * H))
        for _n in range(spec.readmissions - spec.readmissions_ended):
            start = _day(YEAR.start + timedelta(days=150), rng, 150)
            self.readmission(self.b.client(), start, None, 5 * H, 2 * H)

    def readmission(self, person: Person, start: date, end: date | None, before: int,
                    after: int, **fields: Any) -> None:  # fmt: skip
        """An enrolment of last year, not completed, that this year's readmission continues."""
        began = _day(BEFORE.start + timedelta(days=200), self.rng, 60)
        earlier = self.enrolment(
            person, began, began + timedelta(days=30), before, status="not_completed",
            reason=self.b.term("non_completion_reason", "dropout-repeated-absences"),
            abandonment=True,
        )  # fmt: skip
        self.first.append(earlier)
        again = self.enrolment(person, start, end, after, readmission=True, **fields)
        again.continues = earlier
        self.readmissions.append(again)


def _integration(builder: _Builder, programs: dict[str, Program]) -> list[Enrolment]:
    """The integration program's 461 persons and their enrolments in its four volets."""
    rng = builder.rng
    countries = [name for name, count in COUNTRIES.items() for _n in range(count)]
    rng.shuffle(countries)
    persons = []
    for status, (women, men) in RESIDENCE.items():
        for gender, count in (("woman", women), ("man", men)):
            for _n in range(count):
                persons.append(
                    builder.person(
                        gender=builder.term("gender", gender),
                        immigration_status=builder.term("immigration_status", status),
                        country_of_origin=countries.pop(),
                        newcomer=True,
                    )
                )
    claimants = [
        p for p in persons if p.immigration_status.code in ("refugee-claimant", "protected-person")
    ]
    others = [p for p in persons if p not in claimants]
    pools = {"pasi-1a": others, "pasi-1b": others[::-1], "pasi-2": persons, "pasi-4a": claimants}
    enrolments = []
    halves = ((YEAR.start, 184), (date(2025, 1, 1), 181))
    for spec in SPECS:
        if spec.code not in pools:
            continue
        pool, taken = pools[spec.code], 0
        for half, (first_day, days) in enumerate(halves):
            for eligible, count in ((True, spec.semesters[half]), (False, spec.not_eligible[half])):
                for _n in range(count):
                    start = _day(first_day, rng, days)
                    end = min(start + timedelta(days=rng.randrange(0, 60)), YEAR.end)
                    enrolments.append(
                        Enrolment(
                            person=pool[taken % len(pool)], program=programs[spec.code],
                            start_date=start, end_date=end, status="completed", eligible=eligible,
                        )
                    )  # fmt: skip
                    taken += 1
    return enrolments


def _create_programs() -> dict[str, Program]:
    funders = {
        SQ: Funder.objects.create(code=SQ, name="Services Québec", short_name="SQ"),
        MIFI: Funder.objects.create(
            code=MIFI,
            name="Ministère de l'Immigration, de la Francisation et de l'Intégration",
            short_name="MIFI",
        ),
    }
    agreements = {
        SQ: Agreement.objects.create(
            funder=funders[SQ], name="Services d'aide à l'emploi 2024-2025",
            start=YEAR.start, end=YEAR.end,
        ),
        MIFI: Agreement.objects.create(
            funder=funders[MIFI], name="Programme d'accompagnement et de soutien à l'intégration",
            start=YEAR.start, end=YEAR.end,
        ),
    }  # fmt: skip
    programs = {}
    for order, spec in enumerate(SPECS, start=1):
        program = Program.objects.create(
            agreement=agreements[spec.funder], code=spec.code, name=spec.name,
            counting_unit=spec.unit, in_enrolment_table=spec.in_table,
            tracks_readmissions=spec.tracks_readmissions, hours_rounding=spec.rounding,
            order=order * 10,
        )  # fmt: skip
        HourBand.objects.bulk_create(
            HourBand(program=program, code=code, min_hours=Decimal(low),
                     max_hours=None if high is None else Decimal(high))
            for code, low, high in spec.bands
        )  # fmt: skip
        Target.objects.bulk_create(
            Target(indicator_code=target_code(metric, spec.code), period_start=YEAR.start,
                   period_end=YEAR.end, value=Decimal(goal))
            for metric, goal in spec.targets.items()
        )  # fmt: skip
        programs[spec.code] = program
    return programs


def _needs_and_referrals(
    builder: _Builder, programs: dict[str, Program], clients: list[Person]
) -> None:
    rng = builder.rng
    evaluations = []
    for number, count in enumerate(NEEDS_EVALUATIONS, start=1):
        part = quarter(YEAR, number)
        for _n in range(count):
            evaluations.append(NeedsEvaluation(date=_day(part.start, rng, part.days)))
    for index, evaluation in enumerate(rng.sample(evaluations, len(evaluations))):
        if index < 53:
            evaluation.program = programs["ppent"]
        elif index < 400:
            evaluation.program = programs[rng.choice(["groupe-d", "groupe-c", "icte"])]
    NeedsEvaluation.objects.bulk_create(evaluations)
    referrals, persons = [], iter(clients)
    for name, count in REFERRALS.items():
        organization = Organization.objects.filter(name_key=match_key(name)).first()
        organization = organization or Organization.objects.create(name=name)
        for n in range(count):
            referrals.append(
                Referral(
                    date=_day(YEAR.start, rng, 365), person=next(persons), direction="out",
                    organization=organization, reason="Emploi",
                    outcome="not_reached" if n < NOT_REACHED and name == LOCAL_OFFICE else "done",
                )
            )  # fmt: skip
    Referral.objects.bulk_create(referrals)


def _link_interventions(plans: list[_Program]) -> None:
    links = [link for plan in plans for link in plan.links]
    interventions = [
        Intervention(date=start + timedelta(days=7 * n), duration_minutes=minutes)
        for _enrolment, _person, parts, start in links
        for n, minutes in enumerate(parts)
    ]
    Intervention.objects.bulk_create(interventions)
    made = iter(interventions)
    to_person, to_enrolment = [], []
    for enrolment, person, parts, _start in links:
        for _part in parts:
            intervention = next(made)
            to_person.append(Intervention.persons.through(intervention=intervention, person=person))
            to_enrolment.append(
                Enrolment.interventions.through(enrolment=enrolment, intervention=intervention)
            )
    Intervention.persons.through.objects.bulk_create(to_person)
    Enrolment.interventions.through.objects.bulk_create(to_enrolment)


@transaction.atomic
def build_synthetic_year(seed: int = 2025) -> SyntheticYear:
    """Create the centre's year (see the module's docstring); return its programs."""
    builder = _Builder(seed)
    programs = _create_programs()
    plans = []
    for spec in SPECS:
        if not any(spec.semesters):  # an employment program (the integration volets: below)
            plan = _Program(builder, spec, programs[spec.code])
            plan.plan()
            plans.append(plan)
    clients = list(builder.people)
    integration = _integration(builder, programs)
    Person.objects.bulk_create(builder.people)
    first = [e for plan in plans for e in plan.first] + integration
    Enrolment.objects.bulk_create(first)
    again = [e for plan in plans for e in plan.readmissions]
    Enrolment.objects.bulk_create(again)
    _link_interventions(plans)
    _needs_and_referrals(builder, programs, clients)
    return SyntheticYear(YEAR, programs, len(builder.people), len(first) + len(again))
