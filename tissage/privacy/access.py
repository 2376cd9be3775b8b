"""Who may do what: the one place where Tissage decides access.

Every page goes through `AccessMiddleware`, which refuses any view that has not declared its
rule with `@requires(Perm.X)` or `@public`; every API operation declares `auth=api_access(Perm.X)`
and the API's default refuses everything. Tests walk the URL configuration and the OpenAPI schema
to check that each rule is declared and obeyed, so a new view cannot slip through unprotected.
"""

import enum
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from ninja.errors import HttpError
from ninja.utils import check_csrf

from tissage.accounts.roles import Role

log = logging.getLogger(__name__)


class Perm(enum.StrEnum):
    SIGNED_IN = "signed_in"  # the shell: home, own profile
    PERSON_VIEW = "person.view"
    PERSON_EDIT = "person.edit"
    CONTACT_LOG = "contact.log"
    PROGRAM_MANAGE = "program.manage"
    ACTIVITY_MANAGE = "activity.manage"
    MEMBER_MANAGE = "member.manage"
    STATS_VIEW = "stats.view"  # aggregates only, never a person
    REPORT_EDIT = "report.edit"
    DIRECTORY_VIEW = "directory.view"
    DIRECTORY_EDIT = "directory.edit"
    ORGLIFE_EDIT = "orglife.edit"
    AUDIT_VIEW = "audit.view"
    ADMINISTER = "administer"


# Permissions that open a door onto a person's information. The "statistics only" and the
# directory roles must never hold one; a test enforces it.
PERSONAL = frozenset(
    {
        Perm.PERSON_VIEW,
        Perm.PERSON_EDIT,
        Perm.CONTACT_LOG,
        Perm.PROGRAM_MANAGE,
        Perm.ACTIVITY_MANAGE,
        Perm.MEMBER_MANAGE,
        Perm.AUDIT_VIEW,
        Perm.ADMINISTER,
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: frozenset(Perm),
    Role.DIRECTION: frozenset(Perm) - {Perm.ADMINISTER, Perm.AUDIT_VIEW},
    Role.WORKER: frozenset(
        {
            Perm.SIGNED_IN,
            Perm.PERSON_VIEW,
            Perm.PERSON_EDIT,
            Perm.CONTACT_LOG,
            Perm.PROGRAM_MANAGE,
            Perm.ACTIVITY_MANAGE,
            Perm.MEMBER_MANAGE,
            Perm.STATS_VIEW,
            Perm.DIRECTORY_VIEW,
        }
    ),
    Role.DIRECTORY: frozenset({Perm.SIGNED_IN, Perm.DIRECTORY_VIEW, Perm.DIRECTORY_EDIT}),
    Role.STATISTICS: frozenset({Perm.SIGNED_IN, Perm.STATS_VIEW, Perm.DIRECTORY_VIEW}),
}

PUBLIC = "public"  # the rule of a view anyone may open (login, public directory)


def permissions_of(user: Any) -> frozenset[Perm]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ROLE_PERMISSIONS[Role.ADMIN]
    return ROLE_PERMISSIONS.get(user.role, frozenset())


def can(user: Any, perm: Perm) -> bool:
    return perm in permissions_of(user)


ViewFunc = Callable[..., HttpResponse]


def requires(perm: Perm) -> Callable[[ViewFunc], ViewFunc]:
    """Declare the permission a page needs. Anonymous users are sent to the login page."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, perm):
                deny(request)
            return view(request, *args, **kwargs)

        wrapper.access_rule = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator


DENIED_HEADER = "X-Tissage-Access"


def deny(request: HttpRequest) -> NoReturn:
    """Refuse the request because of its user's role. The 403 page marks the answer so that
    tests can tell a refusal of this module from one of Django's admin (a read-only model)."""
    request.tissage_denied = True  # type: ignore[attr-defined]
    raise PermissionDenied


def public(view: ViewFunc) -> ViewFunc:
    """Declare a page that anyone may open, signed in or not."""
    view.access_rule = PUBLIC  # type: ignore[attr-defined]
    return view


def rule_of(view: Any, namespace: str = "") -> str | None:
    """The declared rule of a view; Django's admin site is for administrators only."""
    if namespace.split(":")[0] == "admin":
        return Perm.ADMINISTER
    return getattr(view, "access_rule", None)


def carries_nul(request: HttpRequest) -> bool:
    """A NUL character in the path, the query string or a JSON body."""
    query = request.META.get("QUERY_STRING", "")
    if "\x00" in request.path or "%00" in query or "\x00" in query:
        return True
    if request.content_type == "application/json":
        try:
            body = request.body
        except RequestDataTooBig:
            return False  # Django refuses it on its own
        return b"\\u0000" in body or b"\x00" in body
    return False


class AccessMiddleware:
    """Refuse every page whose view declared no rule, and guard Django's admin site."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            # No text may hold a NUL character (PostgreSQL refuses it with an error): the
            # request is malformed, whatever the page or API operation (schemathesis found it).
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "NUL character refused"}, status=400)
            return HttpResponseBadRequest("NUL character refused", content_type="text/plain")
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        namespace = match.namespace if match is not None else ""
        if namespace == "api":
            return None  # each API operation declares its own rule (see api_access)
        rule = rule_of(view, namespace)
        if rule is None:
            log.error("view without an access rule refused: %s", getattr(view, "__name__", view))
            deny(request)
        if namespace == "admin":
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not can(request.user, Perm.ADMINISTER):
                deny(request)
        return None


class ApiAccess:
    """Django Ninja authentication that also checks the permission of the operation.

    A signed-in browser session (with its CSRF token for writes) or a personal API token
    (`Authorization: Bearer …`) identifies the user; then the role must hold `perm`.
    """

    def __init__(self, perm: Perm | str | None) -> None:
        self.perm = perm

    def __call__(self, request: HttpRequest) -> Any:
        user = self._authenticate(request)
        if self.perm == PUBLIC:
            # Public data (the directory): anyone may read; a signed-in caller stays known,
            # so that staff-only options (hidden records) still depend on the role.
            if user is not None:
                request.user = user
            return user or AnonymousUser()
        if user is None:
            return None  # Ninja answers 401
        if self.perm is None or not can(user, self.perm):
            raise HttpError(403, "Forbidden")
        request.user = user
        return user

    def _authenticate(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            from tissage.accounts.models import ApiToken

            return ApiToken.user_for(header[7:].strip())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            error = check_csrf(request)
            if error:
                raise HttpError(403, "CSRF verification failed")
            return user
        return None


def api_access(perm: Perm) -> ApiAccess:
    return ApiAccess(perm)


# Public API operations (the directory's HSDS API): open to anonymous callers.
api_public = ApiAccess(PUBLIC)


# The API's default: an operation that forgot to declare its rule is refused to everyone.
undeclared = ApiAccess(None)


# Row-level rules: what a user may see of each kind of personal record. Pages, API,
# exports, search and autocompletion all start from these querysets, never from `.objects`.
#
# - administrators and management see every file;
# - workers see the files of their teams, the files with no team (an import or a quick entry
#   creates them without one, and a file nobody could see would be lost), and the files of
#   the persons they worked with themselves;
# - a sealed file is seen only by the users named on it, whatever their role or team:
#   administrators manage the list of names (/confidentialite/scelles/) but do not read the
#   file otherwise;
# - the statistics and directory roles see no file at all.
# Each rule is one SQL subquery, never a check row by row.

FULL_ACCESS_ROLES = frozenset({Role.ADMIN, Role.DIRECTION})


def sees_every_team(user: Any) -> bool:
    return bool(user.is_superuser or user.role in FULL_ACCESS_ROLES)


def persons_for(user: Any) -> Any:
    from django.db.models import Q

    from tissage.people.models import Intervention, Person

    if not can(user, Perm.PERSON_VIEW):
        return Person.objects.none()
    rule = Q(sealed=False)
    if not sees_every_team(user):
        worked_with = Intervention.persons.through.objects.filter(
            intervention__workers=user
        ).values("person_id")
        rule &= Q(team__isnull=True) | Q(team__in=user.teams.values("pk")) | Q(pk__in=worked_with)
    # Being named on a sealed file opens it, whatever the team: the administrator chose.
    named = Person.allowed_users.through.objects.filter(user=user).values("person_id")
    return Person.objects.current().filter(rule | Q(sealed=True, pk__in=named))


def interventions_for(user: Any, each: bool = False) -> Any:
    """An intervention is visible when one of its persons is.

    By default the rule is asked of all the interventions at once ("pk IN" the interventions
    of the visible persons): what lists and counts thousands of them need. With `each`, it
    is asked of each row (EXISTS over its own links), for a few rows picked otherwise (one
    intervention, a person's, a worker's): their links alone are read instead of those of
    every visible intervention (3 ms at 10,000 interventions, and growing with the years)."""
    from django.db.models import Exists, OuterRef, Q

    from tissage.people.models import Intervention

    if not can(user, Perm.PERSON_VIEW):
        return Intervention.objects.none()
    links = Intervention.persons.through.objects
    own = links.filter(intervention_id=OuterRef("pk"))
    if each:
        visible = Q(Exists(own.filter(person__in=persons_for(user))))
    else:
        visible = Q(pk__in=links.filter(person__in=persons_for(user)).values("intervention_id"))
    # An intervention with no person names nobody: like a file without a team, it stays
    # visible to every user who may see interventions, so that it can be completed.
    return Intervention.objects.filter(visible | ~Exists(own))


def referrals_for(user: Any) -> Any:
    from tissage.people.models import Referral

    if not can(user, Perm.PERSON_VIEW):
        return Referral.objects.none()
    return Referral.objects.filter(person__in=persons_for(user))
