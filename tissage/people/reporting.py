"""What the report engine may count in this app: its sources and its indicators."""

from django.utils.translation import gettext_lazy as _

from tissage.people.models import Referral
from tissage.reports.registry import (
    Dimension,
    DimensionKind,
    Indicator,
    Measure,
    Source,
    register_indicator,
    register_source,
)


def _demographics(prefix: str) -> dict[str, Dimension]:
    spec = {
        "gender": _("Gender"),
        "age_group": _("Age group"),
        "language": _("Language"),
        "municipality": _("Municipality"),
        "immigration_status": _("Immigration status"),
        "income_source": _("Income source"),
        "education_level": _("Education level"),
    }
    return {
        code: Dimension(code, label, f"{prefix}{code}", DimensionKind.TERM, code)
        for code, label in spec.items()
    }


def register() -> None:
    register_source(
        Source(
            "interventions",
            _("Interventions"),
            model=_model("Intervention"),
            date_path="date",
            person_path="persons",
            sum_path="duration_minutes",
            definition=_("An intervention is one act of support with one or more persons."),
            dimensions={
                "type": Dimension(
                    "type", _("Intervention type"), "types", vocabulary="intervention_type"
                ),
                "problem": Dimension(
                    "problem", _("Problem area"), "problems", vocabulary="problem"
                ),
                "place": Dimension("place", _("Place"), "place", vocabulary="place"),
                "worker": Dimension(
                    "worker", _("Worker"), "workers", DimensionKind.RELATED, label_path="username"
                ),
                "month": Dimension("month", _("Month"), "date", DimensionKind.MONTH),
                **_demographics("persons__"),
            },
        )
    )  # fmt: skip
    register_source(
        Source(
            "persons_served",
            _("Persons served"),
            model=_model("Person"),
            date_path="interventions__date",
            person_path="",
            definition=_("Persons with at least one intervention in the period."),
            dimensions=_demographics(""),
        )
    )
    register_source(
        Source(
            "referrals",
            _("Referrals"),
            model=_model("Referral"),
            date_path="date",
            person_path="person",
            definition=_("A referral of a person to an organization, or from one."),
            dimensions={
                "organization": Dimension(
                    "organization",
                    _("Organization"),
                    "organization",
                    DimensionKind.RELATED,
                    label_path="name",
                ),
                "direction": Dimension(
                    "direction",
                    _("Direction"),
                    "direction",
                    DimensionKind.CHOICE,
                    choices=dict(Referral.Direction.choices),
                ),
                "outcome": Dimension(
                    "outcome",
                    _("Outcome"),
                    "outcome",
                    DimensionKind.CHOICE,
                    choices=dict(Referral.Outcome.choices),
                ),
            },
        )
    )
    for indicator in INDICATORS:
        register_indicator(indicator)


def _model(name: str) -> type:
    from tissage.people import models

    return getattr(models, name)


OUT = (("direction", Referral.Direction.OUT),)
IN = (("direction", Referral.Direction.IN),)

INDICATORS = [
    Indicator(
        "people.persons_served",
        _("Persons met"),
        "persons_served",
        definition=_("Distinct persons with at least one intervention in the period."),
    ),
    Indicator(
        "people.interventions",
        _("Interventions"),
        "interventions",
        definition=_(
            "Interventions dated in the period; one intervention with two persons counts once."
        ),
    ),
    Indicator(
        "people.distinct_problems",
        _("Different problem areas identified"),
        "interventions",
        Measure.DISTINCT,
        dimension="problem",
        definition=_("Problem areas named in at least one intervention of the period."),
    ),
    Indicator(
        "people.interventions_per_person",
        _("Interventions per person"),
        "interventions",
        Measure.PER_PERSON,
        definition=_("Interventions of the period divided by the persons met in the period."),
    ),
    Indicator(
        "people.minutes",
        _("Minutes of intervention"),
        "interventions",
        Measure.SUM,
        definition=_("Sum of the durations of the period's interventions, in minutes."),
    ),
    Indicator(
        "people.referrals_out",
        _("Referrals made"),
        "referrals",
        filters=OUT,
        definition=_("Referrals to another organization dated in the period."),
    ),
    Indicator(
        "people.persons_referred_out",
        _("Persons referred"),
        "referrals",
        Measure.PERSONS,
        filters=OUT,
        definition=_("Distinct persons with at least one referral out in the period."),
    ),
    Indicator(
        "people.organizations_referred_to",
        _("Organizations referred to"),
        "referrals",
        Measure.DISTINCT,
        dimension="organization",
        filters=OUT,
        definition=_("Distinct organizations that received at least one referral in the period."),
    ),
    Indicator(
        "people.persons_referred_in",
        _("Persons referred to us"),
        "referrals",
        Measure.PERSONS,
        filters=IN,
        definition=_("Distinct persons referred to the organization in the period."),
    ),
    Indicator(
        "people.organizations_referring",
        _("Organizations that referred persons"),
        "referrals",
        Measure.DISTINCT,
        dimension="organization",
        filters=IN,
        definition=_("Distinct organizations that referred at least one person in the period."),
    ),
    *[
        Indicator(
            f"people.{code}_share",
            label,
            "persons_served",
            dimension=code,
            share=True,
            order=order,
            definition=_("Share of the persons met in the period, in %."),
        )
        for code, label, order in [
            ("gender", _("Gender"), "value"),
            ("language", _("Language"), "value"),
            ("municipality", _("Municipality of residence"), "value"),
            ("age_group", _("Age group"), "vocabulary"),
        ]
    ],
    Indicator(
        "people.top_problems",
        _("Problem areas most often met"),
        "interventions",
        dimension="problem",
        top=10,
        include_unknown=False,
        definition=_("Interventions of the period that name the problem area."),
    ),
    Indicator(
        "people.top_types",
        _("Types of intervention most often carried out"),
        "interventions",
        dimension="type",
        top=10,
        include_unknown=False,
        definition=_("Interventions of the period of that type (an intervention may have two)."),
    ),
    Indicator(
        "people.places",
        _("Places of intervention"),
        "interventions",
        dimension="place",
        include_unknown=False,
        definition=_("Interventions of the period at that place."),
    ),
    Indicator(
        "people.referred_to",
        _("Organizations most often referred to"),
        "referrals",
        dimension="organization",
        filters=OUT,
        top=10,
        include_unknown=False,
        definition=_("Referrals out of the period to that organization."),
    ),
    Indicator(
        "people.referred_by",
        _("Where referrals to us came from"),
        "referrals",
        dimension="organization",
        filters=IN,
        top=10,
        include_unknown=False,
        definition=_("Referrals in of the period from that organization."),
    ),
    Indicator(
        "people.interventions_by_month",
        _("Interventions by month"),
        "interventions",
        dimension="month",
        order="vocabulary",
        definition=_("Interventions of the period, by month."),
    ),
]
