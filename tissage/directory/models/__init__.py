"""The directory's records, following Open Referral HSDS 3.0 (see docs/directory.md).

One module per group of HSDS objects; everything is importable from here.
"""

from .base import Bilingual, LocationType
from .history import (
    Feedback,
    FeedbackKind,
    FeedbackStatus,
    Metadata,
    MetadataAction,
    PublicSubmission,
)
from .location import Accessibility, Address, Location, Phone, PhoneType
from .organization import Contact, Funding, Organization, OrganizationIdentifier, Program
from .schedule import Frequency, Schedule, Weekday
from .search import HoursKind, SearchEntry, SearchHours, SearchPoint
from .service import (
    LISTED_STATUSES,
    AreaScope,
    CostOption,
    Language,
    RequiredDocument,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)
from .taxonomy import (
    LOCAL,
    OPEN_ELIGIBILITY,
    Attribute,
    LinkEntity,
    SearchHint,
    Taxonomy,
    TaxonomyTerm,
    stable_term_id,
)
from .verification import (
    AWAITING_ANSWER,
    EMAIL_EVENTS,
    ChangeStatus,
    EventKind,
    ProposedChange,
    UpdateLink,
    UpdateRequest,
    UpdateRequestStatus,
    Verification,
    VerificationEvent,
    VerificationMethod,
)

__all__ = [
    "AWAITING_ANSWER",
    "EMAIL_EVENTS",
    "LISTED_STATUSES",
    "LOCAL",
    "OPEN_ELIGIBILITY",
    "Accessibility",
    "Address",
    "AreaScope",
    "Attribute",
    "Bilingual",
    "ChangeStatus",
    "Contact",
    "CostOption",
    "EventKind",
    "Feedback",
    "FeedbackKind",
    "FeedbackStatus",
    "Frequency",
    "Funding",
    "HoursKind",
    "Language",
    "LinkEntity",
    "Location",
    "LocationType",
    "Metadata",
    "MetadataAction",
    "Organization",
    "OrganizationIdentifier",
    "Phone",
    "PhoneType",
    "Program",
    "ProposedChange",
    "PublicSubmission",
    "RequiredDocument",
    "Schedule",
    "SearchEntry",
    "SearchHint",
    "SearchHours",
    "SearchPoint",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
    "UpdateLink",
    "UpdateRequest",
    "UpdateRequestStatus",
    "Verification",
    "VerificationEvent",
    "VerificationMethod",
    "Weekday",
    "stable_term_id",
]
