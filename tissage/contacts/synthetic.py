"""A synthetic year of contacts built from the figures the 211 report published (seed 004).

The report gives percentages, not counts, for the caller's portrait: 10,000 contacts give
every published percentage exactly (99.36 % French = 9,936). The counts it does publish
(newcomers, specific requests, emergencies, how callers heard of the service) are laid out
as they are. What it shows only as a chart (needs, unmet needs, territories) is invented
here, deterministic, and recomputed independently by the test.
"""

import datetime
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from tissage.contacts.models import Contact, UnmetNeed
from tissage.directory.models import TaxonomyTerm
from tissage.directory.models.taxonomy import OPEN_ELIGIBILITY
from tissage.reports.periods import Period, fiscal_year
from tissage.vocabularies.models import Term

TOTAL = 10_000
PERIOD_START = 2024  # fiscal year 2024-04-01 .. 2025-03-31

# vocabulary code -> [(term code, contacts)], each summing to TOTAL.
PORTRAIT: dict[str, list[tuple[str, int]]] = {
    "gender": [("woman", 6500), ("man", 3400), ("other-unspecified", 100)],
    # "18 ans et moins" is the 12-17 group of the vocabulary.
    "age_group": [
        ("12-17", 70),
        ("18-24", 240),
        ("25-34", 970),
        ("35-44", 1440),
        ("45-54", 1340),
        ("55-64", 2080),
        ("65-plus", 3860),
    ],
    "caller_type": [("self", 8190), ("relative", 840), ("worker", 970)],
    "language": [("french", 9936), ("english", 49), ("other", 15)],
}
PUBLISHED_SHARES: dict[str, dict[str, str]] = {
    "gender": {"woman": "65", "man": "34", "other-unspecified": "1"},
    "age_group": {
        "12-17": "0.7",
        "18-24": "2.4",
        "25-34": "9.7",
        "35-44": "14.4",
        "45-54": "13.4",
        "55-64": "20.8",
        "65-plus": "38.6",
    },
    "caller_type": {"self": "81.9", "relative": "8.4", "worker": "9.7"},
    "language": {"french": "99.36", "english": "0.49", "other": "0.15"},
}
NEWCOMERS = 1089
PROGRAMS: list[tuple[str, int]] = [
    ("ukraine-crisis", 10),
    ("minor-home-repairs", 159),
    ("covid-19", 20),
    ("christmas-baskets", 140),
    ("moving-packing", 35),
    ("moving-truck", 37),
    ("moving-movers", 75),
    ("moving-storage", 15),
    ("moving-service-gaps", 61),
]
EMERGENCY_TRANSFERRED: list[tuple[str, int]] = [
    ("911", 6),
    ("crisis-centre", 4),
    ("suicide-prevention", 9),
    ("811", 8),
]
EMERGENCY_NOT_TRANSFERRED: list[tuple[str, int]] = [
    ("911", 56),
    ("crisis-centre", 74),
    ("suicide-prevention", 31),
    ("811", 845),
    ("conjugal-violence-line", 68),
]
HEARD_FROM: list[tuple[str, int]] = [
    ("911", 39),
    ("811", 19),
    ("clsc-hospitals", 390),
    ("schools", 34),
    ("provincial-government", 16),
    ("community-organizations", 419),
    ("police-fire", 7),
]
# Invented (the report shows charts only): contacts per municipality, needs, unmet needs.
MUNICIPALITIES: list[tuple[str, int]] = [
    ("magog", 4000),
    ("stanstead", 2500),
    ("north-hatley", 1500),
    ("eastman", 1200),
    ("elsewhere-in-quebec", 800),
]
NEED_WEIGHTS = [30, 20, 15, 10, 8, 6, 4, 3, 2, 1, 1]  # shares of contacts per need, in %
UNMET_PER_NEED = [120, 95, 80, 60, 44, 30, 22, 15, 9, 6, 3]  # the 11th is left out of the top 10
REASONS = [
    "service-unavailable",
    "eligibility-not-met",
    "cost-too-high",
    "unsuitable-hours",
    "waiting-list-full",
    "language-barrier",
    "not-accessible",
]


def period() -> Period:
    return fiscal_year(PERIOD_START)


def _spread(counts: list[tuple[str, int]]) -> Iterator[str | None]:
    """One code per contact, in blocks, then None for the rest."""
    produced = 0
    for code, count in counts:
        for _ in range(count):
            produced += 1
            yield code
    while produced < TOTAL:
        produced += 1
        yield None


def need_terms() -> list[TaxonomyTerm]:
    """The first needs of the Open Eligibility taxonomy, in a stable order."""
    terms = TaxonomyTerm.objects.filter(taxonomy__code=OPEN_ELIGIBILITY)
    return list(terms.order_by("code")[: len(NEED_WEIGHTS)])


def _terms(vocabulary: str) -> dict[str, Term]:
    return {term.code: term for term in Term.objects.of(vocabulary)}


@transaction.atomic
def build_year() -> list[int]:
    """Create the year's contacts; returns their ids."""
    start = period().start
    days = (period().end - start).days + 1
    vocab = {v: _terms(v) for v in [*PORTRAIT, "emergency_service", "referral_source"]}
    municipalities = _terms("municipality")
    columns: dict[str, list[str | None]] = {v: list(_spread(c)) for v, c in PORTRAIT.items()}
    # Offsets so that the published counts do not all fall on the same contacts.
    emergencies = list(_spread([*EMERGENCY_TRANSFERRED, *EMERGENCY_NOT_TRANSFERRED]))
    transferred_count = sum(n for _c, n in EMERGENCY_TRANSFERRED)
    heard = list(_spread(HEARD_FROM))
    places = list(_spread(MUNICIPALITIES))
    contacts = []
    for i in range(TOTAL):
        contacts.append(
            Contact(
                date=start + datetime.timedelta(days=i % days),
                time=datetime.time(8 + i % 11, (i * 7) % 60),
                duration_minutes=3 + i % 12,
                gender=vocab["gender"][columns["gender"][i] or ""],
                age_group=vocab["age_group"][columns["age_group"][i] or ""],
                caller_type=vocab["caller_type"][columns["caller_type"][i] or ""],
                language=vocab["language"][columns["language"][i] or ""],
                newcomer=(i * 7) % TOTAL < NEWCOMERS,
                municipality=municipalities[places[i]] if places[i] else None,
                emergency_service=(
                    vocab["emergency_service"][emergencies[i]] if emergencies[i] else None
                ),
                transferred=i < transferred_count,
                heard_from=vocab["referral_source"][heard[(i + 5000) % TOTAL]]
                if heard[(i + 5000) % TOTAL]
                else None,
                import_key=f"synthetic-{i}",
            )
        )
    created = Contact.objects.bulk_create(contacts, batch_size=1000)
    ids = [c.pk for c in created]
    _link(ids, municipalities)
    return ids


def _link(ids: list[int], municipalities: dict[str, Term]) -> None:
    programs = _terms("special_program")
    needs = need_terms()
    reasons = _terms("unmet_need_reason")
    program_links = []
    for offset, code in enumerate(_spread(PROGRAMS)):
        if code is None:
            break
        program_links.append(
            Contact.programs.through(
                contact_id=ids[(offset * 3) % TOTAL], term_id=programs[code].pk
            )
        )
    Contact.programs.through.objects.bulk_create(program_links, batch_size=1000)
    need_links = []
    bounds = _need_bounds()
    for i, contact_id in enumerate(ids):
        need_links.append(
            Contact.needs.through(
                contact_id=contact_id, taxonomyterm_id=needs[_need_of(i, bounds)].pk
            )
        )
    Contact.needs.through.objects.bulk_create(need_links, batch_size=1000)
    unmet = []
    for index, count in enumerate(UNMET_PER_NEED):
        for k in range(count):
            unmet.append(
                UnmetNeed(
                    contact_id=ids[(index * 997 + k * 13) % TOTAL],
                    need=needs[index],
                    reason=reasons[REASONS[(index + k) % len(REASONS)]],
                )
            )
    UnmetNeed.objects.bulk_create(unmet, batch_size=1000)


def _need_bounds() -> list[int]:
    bounds, running = [], 0
    for weight in NEED_WEIGHTS:
        running += weight * TOTAL // 100
        bounds.append(running)
    return bounds


def _need_of(i: int, bounds: list[int]) -> int:
    for index, bound in enumerate(bounds):
        if i < bound:
            return index
    return len(bounds) - 1


def expected() -> dict[str, Any]:
    """The published figures, as the report must show them."""
    return {
        "total": TOTAL,
        "newcomers": NEWCOMERS,
        "shares": PUBLISHED_SHARES,
        "programs": dict(PROGRAMS),
        "transferred": dict(EMERGENCY_TRANSFERRED),
        "not_transferred": dict(EMERGENCY_NOT_TRANSFERRED),
        "heard_from": dict(HEARD_FROM),
    }
