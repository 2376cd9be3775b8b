"""Built-in report templates. `outreach` reproduces the street-outreach report (seed 003).

Titles and default texts are English msgids translated when the report is built, so the
same template gives a French and an English report. A template an organization saves in the
database uses the same section keys, with titles and texts as {"fr": …, "en": …}.
"""

from typing import Any

from django.utils.translation import gettext_noop

OUTREACH: list[dict[str, Any]] = [
    {
        "kind": "text",
        "key": "introduction",
        "title": gettext_noop("Introduction"),
        "text": gettext_noop(
            "Describe here the mission of the organization and the objectives of the year. "
            "This text is yours: edit it on the report's page, it is kept with the report."
        ),
    },
    {
        "kind": "figures",
        "key": "summary",
        "title": gettext_noop("Results in figures"),
        "indicators": [
            "people.persons_served",
            "people.distinct_problems",
            "people.interventions",
            "people.referrals_out",
            "people.persons_referred_out",
            "people.organizations_referred_to",
            "people.persons_referred_in",
            "people.organizations_referring",
            "people.interventions_per_person",
        ],
    },
    {"kind": "table", "key": "gender", "indicator": "people.gender_share", "chart": "pie"},
    {"kind": "table", "key": "language", "indicator": "people.language_share", "chart": "pie"},
    {
        "kind": "table",
        "key": "municipality",
        "indicator": "people.municipality_share",
        "top": 3,
        "chart": "barh",
    },
    {"kind": "table", "key": "age_group", "indicator": "people.age_group_share", "chart": "bar"},
    {
        "kind": "series",
        "key": "problems",
        "indicator": "people.top_problems",
        "years": 4,
        "chart": "barh",
    },
    {
        "kind": "series",
        "key": "types",
        "indicator": "people.top_types",
        "years": 4,
        "chart": "barh",
    },
    {"kind": "ranking", "key": "places", "indicator": "people.places", "top": 6},
    {"kind": "ranking", "key": "referred_to", "indicator": "people.referred_to", "top": 6},
    {"kind": "ranking", "key": "referred_by", "indicator": "people.referred_by", "top": 9},
    {
        "kind": "highlights",
        "key": "highlights",
        "title": gettext_noop("Highlights"),
        "record": ["people.interventions"],
        "series": ["problems", "types"],
        "averages": ["people.interventions_per_person"],
        "leaders": ["people.places"],
    },
    {
        "kind": "text",
        "key": "conclusion",
        "title": gettext_noop("Conclusion"),
        "text": gettext_noop("Write here the conclusion of the year and your thanks."),
    },
]

BUILTIN: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "outreach": (gettext_noop("Annual report — street outreach"), OUTREACH),
}


# Extensions of templates not registered yet (an app listed before the template's own app).
_PENDING: dict[str, list[tuple[list[dict[str, Any]], str | None]]] = {}


def register_template(code: str, name: str, sections: list[dict[str, Any]]) -> None:
    """Add a built-in template from another app (call it from AppConfig.ready())."""
    BUILTIN[code] = (name, sections)
    for extension, before in _PENDING.pop(code, []):
        extend_template(code, extension, before=before)


def extend_template(
    code: str, sections: list[dict[str, Any]], *, before: str | None = None
) -> None:
    """Add sections to a built-in template, e.g. the collective activities of the outreach
    report, contributed by the activities app. `before` is the key of the section to precede.
    A template not registered yet receives the sections when it is."""
    if code not in BUILTIN:
        _PENDING.setdefault(code, []).append((sections, before))
        return
    _name, existing = BUILTIN[code]
    keys = [section["key"] for section in existing]
    position = keys.index(before) if before in keys else len(existing)
    for offset, section in enumerate(sections):
        if section["key"] not in keys:
            existing.insert(position + offset, section)


# The 211 answers requests for de-identified data from governments and community groups and
# counts them in its report (seed 004: 46); the requests of persons about their own file
# (Law 25) sit with them. The template belongs to the contacts app: the section is added when
# it registers.
PRIVACY_SECTIONS: list[dict[str, Any]] = [
    {
        "kind": "figures",
        "key": "data_requests",
        "title": gettext_noop("Data extractions and privacy requests"),
        "indicators": ["privacy.extractions", "privacy.requests"],
    },
]
extend_template("i_and_r", PRIVACY_SECTIONS)
