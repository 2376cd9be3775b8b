"""What the report engine may count in this app: enrolments, ended participations, needs
evaluations. Registered from `ProgramsConfig.ready()`.

Two sources describe the same enrolments, because funders count them on two dates: new
participants by the date they start, levels, hours and outcomes by the date the participation
ends (so group D shows 233 new participants but 244 levels). A readmission continues an earlier
participation: it is never a new participant, and the participation ends with its last part —
the filter `continuations__isnull` keeps only that last part.
"""

from django.utils.translation import gettext_lazy as _

from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Measure,
    Source,
    register_indicator,
    register_source,
)

ENDED = ("completed", "not_completed")
# The last part of a participation that ended (a readmission continues an earlier part).
EXIT = (("status__in", ENDED), ("continuations__isnull", True))
NEW = (("eligible", True), ("readmission", False))

PERSON_DIMENSIONS = {
    "gender": _("Gender"),
    "age_group": _("Age group"),
    "education_level": _("Education level"),
    "income_source": _("Income source"),
    "immigration_status": _("Residence status"),
    "language": _("Language"),
}


def _dimensions() -> dict[str, Dimension]:
    found = {
        code: Dimension(code, label, f"person__{code}", DimensionKind.TERM, code)
        for code, label in PERSON_DIMENSIONS.items()
    }
    return {
        **found,
        "program": Dimension(
            "program", _("Program"), "program", DimensionKind.RELATED, label_path="name"
        ),
        "funder": Dimension(
            "funder",
            _("Funder"),
            "program__agreement__funder",
            DimensionKind.RELATED,
            label_path="name",
        ),
        "provenance": Dimension(
            "provenance",
            _("Provenance"),
            "person__municipality",
            DimensionKind.TERM,
            "municipality",
        ),
        "referral_source": Dimension(
            "referral_source",
            _("Referred by"),
            "referral_source",
            DimensionKind.TERM,
            "referral_source",
        ),
        # Countries are typed text on the person's file: each spelling is its own row.
        "country": Dimension(
            "country",
            _("Country of origin"),
            "person__country_of_origin",
            DimensionKind.CHOICE,
            choices={},
        ),
        "month": Dimension("month", _("Month"), "start_date", DimensionKind.MONTH),
    }


def register() -> None:
    from tissage.programs.models import Enrolment, NeedsEvaluation

    dimensions = _dimensions()
    register_source(
        Source(
            "program_enrolments",
            _("Enrolments"),
            model=Enrolment,
            date_path="start_date",
            person_path="person",
            dimensions=dimensions,
            definition=_("An enrolment of a person in a funded program, dated by its start."),
        )
    )
    exit_dimensions = {
        **{code: dim for code, dim in dimensions.items() if code != "month"},
        "reason": Dimension(
            "reason", _("Reason"), "reason", DimensionKind.TERM, "non_completion_reason"
        ),
        "outcome": Dimension(
            "outcome",
            _("Outcome"),
            "outcome",
            DimensionKind.CHOICE,
            choices=dict(Enrolment.Outcome.choices),
        ),
        "month": Dimension("month", _("Month"), "end_date", DimensionKind.MONTH),
    }
    register_source(
        Source(
            "program_exits",
            _("Participations ended"),
            model=Enrolment,
            date_path="end_date",
            person_path="person",
            dimensions=exit_dimensions,
            definition=_(
                "A participation in a funded program that ended (completed or not), dated by "
                "its end; a readmission and the part it continues are one participation."
            ),
        )
    )
    register_source(
        Source(
            "needs_evaluations",
            _("Needs evaluations"),
            model=NeedsEvaluation,
            date_path="date",
            person_path="person",
            dimensions={
                "program": Dimension(
                    "program", _("Program"), "program", DimensionKind.RELATED, label_path="name"
                ),
                "month": Dimension("month", _("Month"), "date", DimensionKind.MONTH),
            },
            definition=_("An evaluation of a person's needs, dated by the day it was made."),
        )
    )
    for indicator in INDICATORS:
        register_indicator(indicator)


def _by_program(
    code: str, label: object, source: str, filters: tuple, definition: object
) -> Indicator:
    return Indicator(
        f"programs.{code}",
        label,  # type: ignore[arg-type]
        source,
        dimension="program",
        filters=filters,
        include_unknown=False,
        order="vocabulary",
        definition=definition,  # type: ignore[arg-type]
    )


INDICATORS = [
    _by_program(
        "new_participants",
        _("New participants"),
        "program_enrolments",
        NEW,
        _(
            "Eligible enrolments that start in the period; a readmitted participant continues "
            "an activity begun earlier and is not new."
        ),
    ),
    _by_program(
        "readmissions",
        _("Readmissions"),
        "program_enrolments",
        (("readmission", True),),
        _("Participants readmitted in the period to continue an activity begun earlier."),
    ),
    _by_program(
        "not_eligible",
        _("Not eligible"),
        "program_enrolments",
        (("eligible", False), ("readmission", False)),
        _("Enrolments that start in the period of persons not eligible to the program."),
    ),
    _by_program(
        "exits",
        _("Participations ended"),
        "program_exits",
        EXIT,
        _("Participations that ended in the period, completed or not."),
    ),
    _by_program(
        "non_completed_abandonment",
        _("Activities not completed — linked to abandonment"),
        "program_exits",
        (*EXIT, ("status", "not_completed"), ("abandonment", True)),
        _("Participations that ended in the period without being completed, by abandonment."),
    ),
    _by_program(
        "non_completed_other",
        _("Activities not completed — not linked to abandonment"),
        "program_exits",
        (*EXIT, ("status", "not_completed"), ("abandonment", False)),
        _("Participations that ended in the period without being completed, for another reason."),
    ),
    _by_program(
        "non_completed",
        _("Activities not completed — total"),
        "program_exits",
        (*EXIT, ("status", "not_completed")),
        _("Participations that ended in the period without being completed."),
    ),
    _by_program(
        "trial_not_completed",
        _("Persons who did not complete the trial period"),
        "program_exits",
        (*EXIT, ("trial_period_not_completed", True)),
        _("Participations that ended in the period during the trial period."),
    ),
    _by_program(
        "employed",
        _("Employed within 0–3 months after the end"),
        "program_exits",
        (*EXIT, ("outcome", "job")),
        _("Participants who held a job within 0 to 3 months after their participation ended."),
    ),
    _by_program(
        "wage_subsidy",
        _("With a wage subsidy"),
        "program_exits",
        (*EXIT, ("wage_subsidy", True)),
        _("Participants whose participation ended in the period and who had a wage subsidy."),
    ),
    _by_program(
        "studies",
        _("Back to studies within 0–3 months"),
        "program_exits",
        (*EXIT, ("outcome", "studies")),
        _("Participants in studies within 0 to 3 months after their participation ended."),
    ),
    _by_program(
        "other_measure",
        _("In another measure or program within 0–3 months"),
        "program_exits",
        (*EXIT, ("outcome", "other_measure")),
        _(
            "Participants in another service, measure or program of the funder within 0 to 3 "
            "months after their participation ended."
        ),
    ),
    _by_program(
        "needs_evaluations",
        _("Needs evaluations"),
        "needs_evaluations",
        (),
        _("Evaluations of needs made in the period."),
    ),
    Indicator(
        "programs.persons_enrolled",
        _("Persons enrolled"),
        "program_enrolments",
        Measure.PERSONS,
        definition=_("Distinct persons with an enrolment that starts in the period."),
    ),
    *[
        Indicator(
            f"programs.portrait_{code}",
            label,
            "program_enrolments",
            Measure.PERSONS,
            dimension=code,
            share=True,
            order="vocabulary" if code in ("age_group", "education_level") else "value",
            definition=_("Share of the persons enrolled in the period (enrolments that start)."),
        )
        for code, label in [
            *PERSON_DIMENSIONS.items(),
            ("provenance", _("Provenance")),
            ("referral_source", _("Referred by")),
        ]
    ],
    Indicator(
        "programs.top_countries",
        _("Main countries of origin"),
        "program_enrolments",
        Measure.PERSONS,
        dimension="country",
        filters=(("person__country_of_origin__gt", ""),),
        top=12,
        include_unknown=False,
        definition=_("Distinct persons enrolled in the period, by their country of origin."),
    ),
    Indicator(
        "programs.persons_referred_by_destination",
        _("Persons referred, by destination"),
        "referrals",
        Measure.PERSONS,
        dimension="organization",
        filters=(("direction", "out"),),
        include_unknown=False,
        definition=_("Distinct persons referred in the period to each organization."),
    ),
    Indicator(
        "programs.referrals_not_reached",
        _("Referrals closed: person not reached"),
        "referrals",
        filters=(("direction", "out"), ("outcome", "not_reached")),
        definition=_("Referrals of the period closed because the person could not be reached."),
    ),
]
