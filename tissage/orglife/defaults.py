"""Manual indicators the built-in templates name: social-media reach (seeds 000 and 001) and
data extractions answered (seed 004). They are the reports app's manual indicators; this app
only creates the ones its sections use, so that a new installation finds them ready."""

from typing import Any

DEFAULT_MANUAL_INDICATORS: list[dict[str, str]] = [
    {
        "code": "facebook-reach",
        "label_fr": "Couverture des publications Facebook",
        "label_en": "Facebook post reach",
        "definition": "Meta Business Suite, couverture des publications de la période",
    },
    {
        "code": "youtube-reach",
        "label_fr": "Couverture YouTube",
        "label_en": "YouTube reach",
        "definition": "YouTube Studio, impressions de la période",
    },
    {
        "code": "linkedin-reach",
        "label_fr": "Couverture LinkedIn",
        "label_en": "LinkedIn reach",
        "definition": "LinkedIn, impressions de la période",
    },
    {
        "code": "instagram-reach",
        "label_fr": "Couverture Instagram",
        "label_en": "Instagram reach",
        "definition": "Meta Business Suite, couverture de la période",
    },
    {
        "code": "data-extractions",
        "label_fr": "Demandes d'extraction de données répondues",
        "label_en": "Data extraction requests answered",
        "definition": "Demandes de gouvernements et d'organismes, répondues dans la période",
    },
]


def load_manual_indicators(indicator_model: Any) -> int:
    """Create the missing ones, by code; those an organization edited are left alone."""
    created = 0
    for spec in DEFAULT_MANUAL_INDICATORS:
        _indicator, new = indicator_model.objects.get_or_create(
            code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"}
        )
        created += int(new)
    return created
