from django.http import HttpRequest
from ninja import Router, Schema

from tissage.accounts.models import OrganizationProfile
from tissage.privacy.access import Perm, api_access, permissions_of

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    language: str
    permissions: list[str]


class OrganizationProfileOut(Schema):
    # Not "OrganizationOut": people.schemas has one, and OpenAPI component names are global
    # (the second silently replaced the first in the schema; schemathesis found it).
    name: str
    region: str
    fiscal_year_start_month: int
    languages: str


@router.get("/me", response=MeOut, auth=api_access(Perm.SIGNED_IN))
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        role=user.role,  # type: ignore[union-attr]
        language=user.language,  # type: ignore[union-attr]
        permissions=sorted(permissions_of(user)),
    )


@router.get("/organization", response=OrganizationProfileOut, auth=api_access(Perm.SIGNED_IN))
def organization(request: HttpRequest) -> OrganizationProfile:
    return OrganizationProfile.current()
