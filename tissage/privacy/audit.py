"""Writing the audit trail: call `record` wherever a record is created, changed, read, exported."""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from tissage.lib.client_ip import client_ip as lib_client_ip
from tissage.privacy.models import Action, AuditEvent

__all__ = ["Action", "client_ip", "record", "verify_chain"]


def client_ip(request: HttpRequest | None) -> str | None:
    return None if request is None else lib_client_ip(request)


def record(
    request: HttpRequest | None,
    action: Action,
    obj: models.Model | None = None,
    *,
    user: Any = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
    username: str = "",
) -> AuditEvent:
    """Append one event. `fields` are field names, never values."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    event = AuditEvent(
        user=user,
        username=user.get_username() if user is not None else username[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        fields=sorted(fields),
        ip=client_ip(request),
    )
    # Within the caller's transaction when there is one, without a savepoint of its own (two
    # round trips per event): an event that cannot be written fails the whole change.
    with transaction.atomic(savepoint=False):
        # Lock the last link so that two events written at once do not fork the chain.
        last = AuditEvent.objects.select_for_update().order_by("-pk").only("hash").first()
        event.previous_hash = last.hash if last is not None else ""
        event.hash = event.compute_hash()
        event.save()
    return event


def verify_chain() -> list[str]:
    """Every broken link of the trail, oldest first; an empty list when the trail is whole."""
    problems: list[str] = []
    previous = ""
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            problems.append(f"event {event.pk}: the previous event was removed or changed")
        if event.hash != event.compute_hash():
            problems.append(f"event {event.pk}: its content was changed")
        previous = event.hash
    return problems
