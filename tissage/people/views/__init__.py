"""The people screens: home, quick entry, files, interventions, referrals, merges."""

from .autocomplete import organization_suggestions, person_suggestions
from .entry import quick_entry
from .home import index
from .interventions import intervention_detail, intervention_edit, intervention_list
from .merge import merge
from .persons import (
    consent_add,
    consent_withdraw,
    duplicates,
    person_detail,
    person_edit,
    person_list,
    person_new,
)
from .referrals import referral_list, referral_new, referral_outcome

__all__ = [
    "consent_add",
    "consent_withdraw",
    "duplicates",
    "index",
    "intervention_detail",
    "intervention_edit",
    "intervention_list",
    "merge",
    "organization_suggestions",
    "person_detail",
    "person_edit",
    "person_list",
    "person_new",
    "person_suggestions",
    "quick_entry",
    "referral_list",
    "referral_new",
    "referral_outcome",
]
