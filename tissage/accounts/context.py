from typing import Any

from django.http import HttpRequest

from tissage.accounts.models import OrganizationProfile
from tissage.capabilities import CAPABILITIES
from tissage.privacy.access import Perm, permissions_of


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page of the web shell needs: the organization and the allowed navigation."""
    perms = permissions_of(getattr(request, "user", None))
    return {
        "organization": OrganizationProfile.current(),
        "nav_capabilities": [c for c in CAPABILITIES if c.perm in perms],
        "can_administer": Perm.ADMINISTER in perms,
    }
