"""The built-in template "employment": the annual report of an employment and
immigrant-integration centre (seed 002), with the funders' tables of each program.

Program codes are those `synthetic.py` and the demo create; an organization with other
programs saves its own template (the composer) with the same section kinds.
"""

from typing import Any

from django.utils.translation import gettext_noop

from tissage.reports.templates_default import register_template

SERVICES_QUEBEC = "services-quebec"
PASI = ["pasi-1a", "pasi-1b", "pasi-2", "pasi-4a"]
NON_COMPLETION = ["non_completed_abandonment", "non_completed_other", "non_completed"]
OUTCOMES = ["wage_subsidy", "studies", "other_measure"]


def _production(code: str, levels: bool = True) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [
        {"kind": "program_targets", "key": f"{code}-production", "program": code,
         "metrics": ["new_participants"], "part": "production"},
    ]  # fmt: skip
    if levels:
        found.append({"kind": "intensity_levels", "key": f"{code}-levels", "program": code})
    return found


def _other(code: str, metrics: list[str]) -> dict[str, Any]:
    return {"kind": "program_indicators", "key": f"{code}-other", "program": code,
            "metrics": metrics, "part": "other"}  # fmt: skip


def _impact(code: str, extra: list[str]) -> list[dict[str, Any]]:
    return [
        {"kind": "program_targets", "key": f"{code}-impact", "program": code,
         "metrics": ["employed"], "part": "impact"},
        {"kind": "program_indicators", "key": f"{code}-outcomes", "program": code,
         "metrics": extra, "part": "impact"},
    ]  # fmt: skip


def _portrait(dimension: str, chart: str) -> dict[str, Any]:
    return {"kind": "program_portrait", "key": f"portrait-{dimension}", "dimension": dimension,
            "funder": SERVICES_QUEBEC, "chart": chart}  # fmt: skip


EMPLOYMENT: list[dict[str, Any]] = [
    {
        "kind": "text",
        "key": "introduction",
        "title": gettext_noop("Introduction"),
        "text": gettext_noop(
            "Describe here the mission of the organization and the objectives of the year. "
            "This text is yours: edit it on the report's page, it is kept with the report."
        ),
    },
    {"kind": "program_enrolments", "key": "enrolments", "funder": SERVICES_QUEBEC},
    {"kind": "needs_by_quarter", "key": "needs-evaluations"},
    {
        "kind": "figures",
        "key": "referrals",
        "title": gettext_noop("Referrals"),
        "indicators": ["people.persons_referred_out", "programs.referrals_not_reached"],
    },
    {
        "kind": "ranking",
        "key": "referred-to",
        "indicator": "programs.persons_referred_by_destination",
    },
    _portrait("gender", "pie"),
    _portrait("age_group", "bar"),
    _portrait("education_level", "barh"),
    _portrait("income_source", "barh"),
    _portrait("referral_source", "barh"),
    _portrait("provenance", "barh"),
    *_production("ppent", levels=False),
    _other("ppent", [*NON_COMPLETION, "readmissions", "trial_not_completed"]),
    *_impact("ppent", [*OUTCOMES, "companies_contacted", "internships"]),
    *_production("groupe-d"),
    _other("groupe-d", [*NON_COMPLETION, "readmissions"]),
    *_impact("groupe-d", OUTCOMES),
    *_production("groupe-d-os"),
    *_impact("groupe-d-os", ["studies"]),
    *_production("maintien-emploi"),
    _other("maintien-emploi", [*NON_COMPLETION, "employed"]),
    *_production("icte", levels=False),
    _other("icte", [*NON_COMPLETION, "readmissions", "trial_not_completed"]),
    *_impact("icte", [*OUTCOMES, "companies_contacted", "internships"]),
    *_production("groupe-c"),
    _other("groupe-c", NON_COMPLETION),
    *_production("groupe-b"),
    _other("groupe-b", NON_COMPLETION),
    *_production("edet"),
    _other("edet", NON_COMPLETION),
    *_production("mfor"),
    _other("mfor", [*NON_COMPLETION, "employed", *OUTCOMES]),
    *_production("groupe-a"),
    _other("groupe-a", NON_COMPLETION),
    {
        "kind": "program_semesters",
        "key": "pasi-semesters",
        "title": gettext_noop("Support and integration program: enrolments per semester"),
        "programs": PASI,
        "total_of": ["pasi-1a", "pasi-1b", "pasi-4a"],
        "total_label": gettext_noop("Total (V1 + V4)"),
        "percent_digits": 1,
    },
    {
        "kind": "program_crosstab",
        "key": "pasi-residence-status",
        "title": gettext_noop("Residence status by sex"),
        "rows": "immigration_status",
        "columns": "gender",
        "programs": PASI,
    },
    {
        "kind": "program_portrait",
        "key": "pasi-countries",
        "title": gettext_noop("Main countries of origin"),
        "dimension": "country",
        "top": 12,
        "programs": PASI,
    },
    {
        "kind": "text",
        "key": "conclusion",
        "title": gettext_noop("Conclusion"),
        "text": gettext_noop("Write here the conclusion of the year and your thanks."),
    },
]


def register() -> None:
    register_template(
        "employment",
        gettext_noop("Annual report — employment and integration centre"),
        EMPLOYMENT,
    )
