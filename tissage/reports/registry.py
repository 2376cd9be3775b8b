"""Declared indicators: what a report counts, said once, computed everywhere.

An app describes its records as a `Source` (which model, which date, who the persons are,
which dimensions a table may break them down by) and declares `Indicator`s on it. The engine
(`compute.py`) turns an indicator and a period into figures; nobody writes a query per table.
Apps register in their `AppConfig.ready()` through `register_source` / `register_indicator`.
"""

import enum
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise


class Measure(enum.StrEnum):
    ROWS = "rows"  # how many records (interventions, referrals, contacts…)
    PERSONS = "persons"  # how many distinct persons
    SUM = "sum"  # a sum of the source's `sum_path` (minutes, participants)
    PER_PERSON = "per_person"  # records ÷ distinct persons
    DISTINCT = "distinct"  # how many distinct values of the dimension (e.g. 51 problématiques)


class DimensionKind(enum.StrEnum):
    TERM = "term"  # a vocabulary entry: labelled in the reader's language, ordered by vocabulary
    RELATED = "related"  # another record (an organization, a user): labelled by `label_path`
    CHOICE = "choice"  # a field with choices
    MONTH = "month"


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Promise | str
    path: str
    kind: DimensionKind = DimensionKind.TERM
    vocabulary: str | None = None
    label_path: str | None = None
    choices: dict[str, Any] | None = None


@dataclass(frozen=True)
class Source:
    code: str
    label: Promise | str
    model: type[models.Model]
    date_path: str
    person_path: str | None  # "" when the model is the person itself
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    sum_path: str | None = None
    definition: Promise | str = ""  # what one record of this source is

    def dimension(self, code: str) -> Dimension:
        try:
            return self.dimensions[code]
        except KeyError as exc:
            raise KeyError(f"source {self.code!r} has no dimension {code!r}") from exc


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Promise | str
    source: str
    measure: Measure = Measure.ROWS
    dimension: str | None = None
    filters: tuple[
        tuple[str, Any], ...
    ] = ()  # ORM lookups on the source, e.g. ("direction", "out")
    top: int | None = None
    share: bool = False  # show each row's share of the total, in %
    share_of: str | None = None  # the indicator whose total is the denominator (default: own)
    order: str = "value"  # "value" (largest first) or "vocabulary" (the vocabulary's order)
    include_unknown: bool = True  # a "Not specified" row for records without a value
    definition: Promise | str = ""


_SOURCES: dict[str, Source] = {}
_INDICATORS: dict[str, Indicator] = {}


def register_source(source: Source) -> Source:
    _SOURCES[source.code] = source
    return source


def register_indicator(indicator: Indicator) -> Indicator:
    if indicator.source not in _SOURCES:
        raise KeyError(f"indicator {indicator.code!r}: unknown source {indicator.source!r}")
    _INDICATORS[indicator.code] = indicator
    return indicator


def source(code: str) -> Source:
    return _SOURCES[code]


def indicator(code: str) -> Indicator:
    return _INDICATORS[code]


def all_indicators() -> list[Indicator]:
    return list(_INDICATORS.values())


def all_sources() -> list[Source]:
    return list(_SOURCES.values())
