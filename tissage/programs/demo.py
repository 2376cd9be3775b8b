"""Programs of the demonstration organization: the employment centre's funders and programs
(same codes as the built-in "employment" template), with targets and enrolments of the
demo's persons for the agreement year in progress and the one before.

Smaller than the synthetic year (`synthetic.py`), which reproduces the published figures;
here the point is a dashboard and a report that look alive on any day.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from tissage.people.models import Person
from tissage.programs.metrics import target_code
from tissage.programs.models import (
    Agreement,
    Enrolment,
    Funder,
    HourBand,
    NeedsEvaluation,
    Program,
)
from tissage.programs.synthetic import level_range
from tissage.programs.synthetic_specs import MIFI, SPECS, SQ, Spec
from tissage.reports.models import Target
from tissage.reports.periods import Period, fiscal_year
from tissage.vocabularies.models import Term

SCALE = 4  # a quarter of the centre's activity: the demo has 300 persons


def _programs(year: Period, previous: Period) -> dict[str, Program]:
    funders = {
        SQ: Funder.objects.get_or_create(
            code=SQ, defaults={"name": "Services Québec", "short_name": "SQ"}
        )[0],
        MIFI: Funder.objects.get_or_create(
            code=MIFI,
            defaults={
                "name": "Ministère de l'Immigration, de la Francisation et de l'Intégration",
                "short_name": "MIFI",
            },
        )[0],
    }
    agreements = {
        code: Agreement.objects.get_or_create(
            funder=funder, start=previous.start,
            defaults={"name": f"Entente {funder.short_name}", "end": year.end},
        )[0]
        for code, funder in funders.items()
    }  # fmt: skip
    programs = {}
    for order, spec in enumerate(SPECS, start=1):
        program, created = Program.objects.get_or_create(
            code=spec.code,
            defaults={
                "agreement": agreements[spec.funder], "name": spec.name,
                "counting_unit": spec.unit, "in_enrolment_table": spec.in_table,
                "tracks_readmissions": spec.tracks_readmissions,
                "hours_rounding": spec.rounding, "order": order * 10,
            },
        )  # fmt: skip
        if created:
            for code, low, high in spec.bands:
                HourBand.objects.create(
                    program=program, code=code, min_hours=Decimal(low),
                    max_hours=None if high is None else Decimal(high),
                )  # fmt: skip
        for period in (previous, year):
            for metric, goal in spec.targets.items():
                Target.objects.get_or_create(
                    indicator_code=target_code(metric, spec.code), period_start=period.start,
                    period_end=period.end,
                    defaults={"value": Decimal(max(1, round(goal / SCALE)))},
                )  # fmt: skip
        programs[spec.code] = program
    return programs


def _enrolments(
    rng: random.Random, spec: Spec, program: Program, persons: list[Person], year: Period,
    until: date, today: date, reasons: list[Term],
) -> list[Enrolment]:  # fmt: skip
    """Enrolments that start in `year` up to `until`; those whose end has come are ended."""
    made = []
    count = max(2, round(spec.new / SCALE))
    levels = list(spec.exits) or [None]
    for _n in range(count):
        start = year.start + timedelta(days=rng.randrange(max(1, (until - year.start).days)))
        level = rng.choice(levels)
        low, high = level_range(spec, level) if level else (60, 600)
        minutes = rng.randint(low, high)
        ended = start + timedelta(days=rng.randrange(14, 150))
        enrolment = Enrolment(
            person=rng.choice(persons), program=program, start_date=start,
            eligible=rng.random() > 0.05, direct_minutes=minutes * 4 // 5,
            indirect_minutes=minutes // 5,
        )  # fmt: skip
        if ended < today:
            enrolment.end_date = ended
            enrolment.status = "completed"
            if rng.random() < 0.3:
                enrolment.status = "not_completed"
                enrolment.abandonment = rng.random() < 0.3
                enrolment.reason = rng.choice(reasons)
            elif rng.random() < 0.55:
                enrolment.outcome = rng.choice(["job", "job", "job", "studies", "other_measure"])
                enrolment.outcome_date = ended + timedelta(days=rng.randrange(1, 90))
        made.append(enrolment)
    return made


def build_programs(rng: random.Random, today: date) -> dict[str, int]:
    """Funders, agreements, programs, targets, enrolments and needs evaluations of the demo
    for the agreement year (July–June) in progress on `today` and the year before."""
    year = fiscal_year(today.year if today.month >= 7 else today.year - 1, 7)
    previous = fiscal_year(year.start.year - 1, 7)
    programs = _programs(year, previous)
    persons = list(Person.objects.current())
    if not persons:
        return {"programs": len(programs), "enrolments": 0}
    reasons = list(Term.objects.active().of("non_completion_reason"))
    enrolments: list[Enrolment] = []
    for period, until in ((previous, previous.end), (year, today)):
        for spec in SPECS:
            enrolments += _enrolments(
                rng, spec, programs[spec.code], persons, period, until, today, reasons
            )
    Enrolment.objects.bulk_create(enrolments)
    evaluations = [
        NeedsEvaluation(
            date=previous.start + timedelta(days=rng.randrange((today - previous.start).days + 1)),
            person=rng.choice(persons),
            program=rng.choice([None, *programs.values()]),
        )
        for _n in range(120)
    ]
    NeedsEvaluation.objects.bulk_create(evaluations)
    return {
        "programs": len(programs),
        "enrolments": len(enrolments),
        "needs evaluations": len(evaluations),
    }
