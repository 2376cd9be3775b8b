"""Account hardening: lockout backend, two-factor requirement for administrators, CSP header."""

import time
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from tissage.accounts.roles import Role

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout for every sign-in through a request (the sign-in page); an
    authentication without a request (the test client's login, a management command) is
    left to the next backend."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def needs_second_factor(user: Any) -> bool:
    """Administrators must sign in with a code; everyone else may choose to."""
    return bool(user.is_superuser or getattr(user, "role", None) == Role.ADMIN)


_OPEN_PREFIXES = ("/static/", "/sante/", "/compte/deconnexion/", "/compte/langue/")


class AdminSecondFactorMiddleware:
    """An administrator not verified by a code this session can only set up or enter one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            getattr(settings, "TISSAGE_REQUIRE_ADMIN_OTP", True)
            and user is not None
            and user.is_authenticated
            and needs_second_factor(user)
            and not user.is_verified()
        ):
            target = reverse("accounts:two_factor")
            if request.path.startswith("/api/"):
                # A token (Authorization header) is its own credential; a session is not enough.
                if "HTTP_AUTHORIZATION" not in request.META:
                    return JsonResponse(
                        {"detail": "two-factor authentication required"}, status=403
                    )
            elif request.path != target and not request.path.startswith(_OPEN_PREFIXES):
                return redirect(target)
        return self.get_response(request)


SEEN = "tissage:seen"
REFRESH_SECONDS = 60


class IdleSessionMiddleware:
    """Sessions end after SESSION_COOKIE_AGE idle seconds (30 minutes). Saving the session
    on every request (SESSION_SAVE_EVERY_REQUEST) made every page view a database write —
    on SQLite one more writer queued behind each saved intervention. The expiry moves
    forward instead when the session was last saved a minute ago or more: a session ends
    between 29 and 30 idle minutes after the last request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        # Only a session that exists (loading an unknown or expired one forgets its key): an
        # anonymous visitor of the public pages gets none.
        if session is not None and session.session_key is not None:
            now, seen = int(time.time()), int(session.get(SEEN, 0))
            if session.session_key is not None and now - seen >= REFRESH_SECONDS:
                session[SEEN] = now  # modified: saved with a new expiry, cookie renewed
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Django 5.2 has no CSP of its own; a page that sets its own policy keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response
