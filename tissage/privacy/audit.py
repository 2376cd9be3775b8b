"""Writing the audit trail: call `record` wherever a record is created, changed, read, exported."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from tissage.privacy.models import Action, AuditEvent

__all__ = ["Action", "client_ip", "record"]


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request: HttpRequest | None,
    action: Action,
    obj: models.Model | None = None,
    *,
    user: Any = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
) -> AuditEvent:
    """Append one event. `fields` are field names, never values."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=sorted(fields),
        ip=client_ip(request),
    )
