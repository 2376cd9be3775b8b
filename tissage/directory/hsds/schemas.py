"""Parameters and answers of the HSDS API (see api.py)."""

import datetime
import uuid
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from tissage.directory.search import DEFAULT_RADIUS_KM, MAX_RADIUS_KM

MAX_PER_PAGE = 200


class Common(Schema):
    page: int = Field(1, description="Page number of paginated result (from 1).")
    per_page: int = Field(20, description=f"Results per page (at most {MAX_PER_PAGE}).")
    language: Literal["fr", "en"] = Field(
        "fr", description="Language of the texts: HSDS holds one language per record."
    )
    include_hidden: bool = Field(
        False, description="Hidden records too (callers with the directory permission only)."
    )
    format: Literal["json"] = Field("json", description="Only json is offered.")
    search: str = Field("", description="Full text search.")


class ServiceFilters(Common):
    taxonomy_term_id: uuid.UUID | None = Field(
        None, description="Services with this taxonomy term (or one of its narrower terms)."
    )
    taxonomy_id: uuid.UUID | None = Field(
        None, description="Services with a term of this taxonomy."
    )
    organization_id: uuid.UUID | None = Field(None, description="Services of this organization.")
    modified_after: datetime.datetime | None = Field(
        None, description="Services modified on or after this moment (ISO 8601)."
    )
    full: bool = Field(False, description="Fully nested objects.")
    lat: float | None = Field(None, ge=-90, le=90, description="Latitude of a point (WGS 84).")

    @field_validator("modified_after")
    @classmethod
    def _in_utc(cls, value: datetime.datetime | None) -> datetime.datetime | None:
        """ISO 8601 allows offsets that PostgreSQL refuses (+20:00): compare in UTC."""
        if value is None or value.tzinfo is None:
            return value
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValueError("modified_after is out of range") from None

    lon: float | None = Field(None, ge=-180, le=180, description="Longitude of the point.")
    radius: float | None = Field(
        None,
        gt=0,
        le=MAX_RADIUS_KM,
        description=f"Kilometres around lat, lon ({DEFAULT_RADIUS_KM}).",
    )
    proximity: float | None = Field(
        None, gt=0, le=MAX_RADIUS_KM * 1000, description="Metres around lat, lon (HSDS)."
    )


class ServiceListFilters(ServiceFilters):
    minimal: bool = Field(False, description="Only the id and last_modified of each service.")


class OrganizationFilters(Common):
    full: bool = Field(False, description="Fully nested organizations.")
    full_service: bool = Field(False, description="With their services, fully nested.")


class TaxonomyTermFilters(Common):
    taxonomy_id: uuid.UUID | None = Field(None, description="Terms of this taxonomy.")
    top_only: bool = Field(False, description="Only the terms that have no parent term.")
    parent_id: uuid.UUID | None = Field(None, description="Only the terms under this term.")


class Detail(Schema):
    language: Literal["fr", "en"] = "fr"
    include_hidden: bool = False


class OrganizationDetail(Detail):
    full_service: bool = False


class Page(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class Root(Schema):
    version: str
    profile: str
    openapi_url: str
