"""The address of the person at the other end of a request, in one place.

Behind nginx (TISSAGE_BEHIND_PROXY=1) every request comes from nginx's own address, so the
lockout after failed sign-ins, the public forms' rate limit and the audit trail would count
everyone as one client. nginx then overwrites `X-Real-IP` with the address it saw
(deploy/nginx/tissage.conf): that header is trusted, never `X-Forwarded-For`, whose
left-most entries the client writes itself.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    if getattr(settings, "TISSAGE_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR") or None
