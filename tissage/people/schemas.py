"""The shapes the people API reads and writes (Django Ninja schemas).

Records are named by what people use outside the database: a person by its code, a
vocabulary entry by its stable term code, a worker by user name, a team by name. Only
interventions and referrals, which have no code, show their number.
"""

import datetime
import uuid
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

from tissage.people.models import Consent, Person, Referral
from tissage.vocabularies.models import Term

# The person's fields that point to a vocabulary entry; each is named after its vocabulary.
PERSON_TERM_FIELDS = (
    "gender",
    "age_group",
    "language",
    "municipality",
    "immigration_status",
    "income_source",
    "education_level",
)


def term_code(term: Term | None) -> str | None:
    return term.code if term is not None else None


# --- Persons -----------------------------------------------------------------------------


class PersonFilters(Schema):
    q: str | None = Field(
        None, description="Words found in the code, alias, first or last name (accents ignored)."
    )
    gender: str | None = Field(None, description="Term code of the gender vocabulary.")
    age_group: str | None = Field(None, description="Term code of the age_group vocabulary.")
    municipality: str | None = Field(None, description="Term code of the municipality vocabulary.")
    modified_after: datetime.datetime | None = Field(
        None, description="Files changed at or after this moment (ISO 8601)."
    )


class PersonOut(Schema):
    code: str
    alias: str
    first_name: str
    last_name: str
    gender: str | None
    age_group: str | None
    birth_year: int | None
    language: str | None
    municipality: str | None
    immigration_status: str | None
    country_of_origin: str
    income_source: str | None
    education_level: str | None
    newcomer: bool | None
    team: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_gender(obj: Person) -> str | None:
        return term_code(obj.gender)

    @staticmethod
    def resolve_age_group(obj: Person) -> str | None:
        return term_code(obj.age_group)

    @staticmethod
    def resolve_language(obj: Person) -> str | None:
        return term_code(obj.language)

    @staticmethod
    def resolve_municipality(obj: Person) -> str | None:
        return term_code(obj.municipality)

    @staticmethod
    def resolve_immigration_status(obj: Person) -> str | None:
        return term_code(obj.immigration_status)

    @staticmethod
    def resolve_income_source(obj: Person) -> str | None:
        return term_code(obj.income_source)

    @staticmethod
    def resolve_education_level(obj: Person) -> str | None:
        return term_code(obj.education_level)

    @staticmethod
    def resolve_team(obj: Person) -> str | None:
        return obj.team.name if obj.team is not None else None


class ConsentOut(Schema):
    purpose: Consent.Purpose
    given_on: datetime.date
    ends_on: datetime.date | None
    withdrawn_on: datetime.date | None = Field(None, description="The day it was withdrawn.")
    notes: str


class PersonDetailOut(PersonOut):
    former_codes: list[str] = Field(description="Codes of files merged into this one.")
    consents: list[ConsentOut]
    intervention_count: int
    referral_count: int

    @staticmethod
    def resolve_intervention_count(obj: Person) -> int:
        return obj.interventions.count()

    @staticmethod
    def resolve_referral_count(obj: Person) -> int:
        return obj.referrals.count()


class _Input(Schema):
    # A misspelt field is an error, not silently ignored.
    model_config = ConfigDict(extra="forbid")


class PersonChange(_Input):
    """Every field is optional; only the fields sent are changed. Vocabulary fields take a
    term code (see /api/vocabularies/{code}); null empties a field."""

    alias: str | None = Field(None, max_length=100)
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    gender: str | None = None
    age_group: str | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    language: str | None = None
    municipality: str | None = None
    immigration_status: str | None = None
    country_of_origin: str | None = Field(None, max_length=100)
    income_source: str | None = None
    education_level: str | None = None
    newcomer: bool | None = None
    team: str | None = Field(None, description="Name of a team.")


class PersonCreate(PersonChange):
    code: str | None = Field(
        None, min_length=1, max_length=30, description="Left out: the next free code (P00042)."
    )


# --- Interventions -----------------------------------------------------------------------


class InterventionFilters(Schema):
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    worker: str | None = Field(None, description="User name of a worker.")
    type: str | None = Field(None, description="Term code of the intervention_type vocabulary.")
    problem: str | None = Field(None, description="Term code of the problem vocabulary.")
    place: str | None = Field(None, description="Term code of the place vocabulary.")
    person: str | None = Field(None, description="Code of a person.")


class InterventionOut(Schema):
    id: int
    date: datetime.date
    time: datetime.time | None
    persons: list[str]
    workers: list[str]
    types: list[str]
    problems: list[str]
    place: str | None
    duration_minutes: int | None
    follow_up: bool
    notes: str
    created_at: datetime.datetime

    # The lists read the prefetched rows (`.all()`), never a new query per intervention.
    @staticmethod
    def resolve_persons(obj: Any) -> list[str]:
        return [person.code for person in obj.persons.all()]

    @staticmethod
    def resolve_workers(obj: Any) -> list[str]:
        return [worker.username for worker in obj.workers.all()]

    @staticmethod
    def resolve_types(obj: Any) -> list[str]:
        return [term.code for term in obj.types.all()]

    @staticmethod
    def resolve_problems(obj: Any) -> list[str]:
        return [term.code for term in obj.problems.all()]

    @staticmethod
    def resolve_place(obj: Any) -> str | None:
        return term_code(obj.place)


class InterventionCreate(_Input):
    date: datetime.date
    time: datetime.time | None = None
    persons: list[str] = Field(min_length=1, description="Codes of the persons met.")
    workers: list[str] | None = Field(
        None, min_length=1, description="User names of the workers; left out: the caller."
    )
    types: list[str] = Field(min_length=1, description="Term codes (intervention_type).")
    problems: list[str] = Field(default_factory=list, description="Term codes (problem).")
    place: str | None = Field(None, description="Term code (place).")
    duration_minutes: int | None = Field(None, ge=0, le=24 * 60)
    follow_up: bool = False
    notes: str = ""


# --- Referrals ---------------------------------------------------------------------------


class ReferralFilters(Schema):
    direction: Referral.Direction | None = None
    outcome: Referral.Outcome | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    person: str | None = Field(None, description="Code of a person.")


class OrganizationOut(Schema):
    id: uuid.UUID
    name: str


class ReferralOut(Schema):
    id: int
    date: datetime.date
    person: str
    direction: Referral.Direction
    organization: OrganizationOut
    reason: str
    outcome: Referral.Outcome

    @staticmethod
    def resolve_person(obj: Any) -> str:
        return obj.person.code


class OrganizationRef(_Input):
    """An organization of the directory, by its id, or by its name (accents and case ignored;
    created in the directory when no organization has that name)."""

    id: uuid.UUID | None = None
    name: str | None = Field(None, min_length=1, max_length=250)

    @model_validator(mode="after")
    def _id_or_name(self) -> "OrganizationRef":
        if self.id is None and not (self.name or "").strip():
            raise ValueError(_("Give the organization's id or its name."))
        return self


class ReferralCreate(_Input):
    person: str = Field(description="Code of the person.")
    date: datetime.date | None = Field(None, description="Left out: today.")
    direction: Referral.Direction = Referral.Direction.OUT
    organization: OrganizationRef
    reason: str = Field("", max_length=300)
    outcome: Referral.Outcome = Referral.Outcome.PENDING


class ReferralChange(_Input):
    outcome: Referral.Outcome | None = None
    reason: str | None = Field(None, max_length=300)
