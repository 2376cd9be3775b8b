"""How often one address may use a public form, counted in the database (works across
processes, needs no cache server). The address is kept as a keyed hash only."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from tissage.directory.models import PublicSubmission
from tissage.lib.client_ip import client_ip

# per hour and per address; "token": wrong update-request links tried
LIMITS = {"feedback": 5, "email": 5, "token": 20}
WINDOW = datetime.timedelta(hours=1)


def ip_hash(request: HttpRequest) -> str:
    address = client_ip(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def allow(request: HttpRequest, kind: str) -> bool:
    """Count one use of `kind` by this address; False when the hourly limit is reached."""
    now = timezone.now()
    PublicSubmission.objects.filter(created_at__lt=now - 24 * WINDOW).delete()
    key = ip_hash(request)
    used = PublicSubmission.objects.filter(
        kind=kind, ip_hash=key, created_at__gte=now - WINDOW
    ).count()
    if used >= LIMITS[kind]:
        return False
    PublicSubmission.objects.create(kind=kind, ip_hash=key, created_at=now)
    return True
