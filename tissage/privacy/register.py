"""The register of privacy requests (Law 25, s. 27 to 32).

An administrator records a request, then acts on it from its page: the personal export and the
correction of the file carry the request (`?demande=<pk>`) and record themselves in the
register. What was done for a request is kept in the audit trail (append-only, names of
fields only), under the request: the register shows it from there.
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from tissage.privacy import audit
from tissage.privacy.access import Perm, can, deny
from tissage.privacy.models import AuditEvent, PrivacyRequest

REQUEST_PARAM = "demande"

# What an action done for a request is called in the register (the first "field" of its event).
STEPS = {
    "person_export": _("File exported for the person (JSON and CSV)"),
    "rectification": _("File corrected"),
    "consent_withdrawal": _("Withdrawal of a consent recorded"),
}


def request_for(http_request: HttpRequest) -> PrivacyRequest | None:
    """The request of the register an action is done for, if the URL names one. Only an
    administrator writes in the register: anyone else naming a request is refused."""
    value = http_request.GET.get(REQUEST_PARAM, "")
    if not value:
        return None
    if not can(http_request.user, Perm.ADMINISTER):
        deny(http_request)
    found = PrivacyRequest.objects.filter(pk=int(value)).first() if value.isdigit() else None
    if found is None:
        raise Http404
    return found


@transaction.atomic
def do_note_step(
    http_request: HttpRequest,
    privacy_request: PrivacyRequest,
    person: Any,
    step: str,
    fields: Iterable[str] = (),
) -> None:
    """Record in the register that `step` was done for the request, on the file `person`."""
    if step not in STEPS:
        raise ValueError(f"unknown step of a privacy request: {step}")
    changed = []
    if privacy_request.person_id is None:
        privacy_request.person = person
        changed.append("person")
    if privacy_request.status == PrivacyRequest.Status.RECEIVED:
        privacy_request.status = PrivacyRequest.Status.IN_PROGRESS
        changed.append("status")
    if changed:
        privacy_request.save(update_fields=changed)
    audit.record(
        http_request, audit.Action.CHANGE, privacy_request, fields=[step, *sorted(set(fields))]
    )


def steps_of(privacy_request: PrivacyRequest) -> QuerySet[AuditEvent]:
    """Every event of the audit trail about the request, oldest first."""
    return AuditEvent.objects.filter(
        object_type=PrivacyRequest._meta.label_lower, object_id=str(privacy_request.pk)
    ).order_by("at", "pk")


def step_label(fields: list[str]) -> str:
    """The words of the register for an event's fields: the step, or the fields changed."""
    step = next((name for name in fields if name in STEPS), None)
    rest = ", ".join(name for name in fields if name != step)
    if step is None:
        return rest
    return f"{STEPS[step]} ({rest})" if rest else str(STEPS[step])
