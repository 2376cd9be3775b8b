"""The entry screen of a live call, and what it asks the server while the navigator types."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tissage.capabilities import capability_landing
from tissage.contacts.forms import UNMET_ROWS, ContactForm, initial_values
from tissage.contacts.models import Contact
from tissage.directory.search import search
from tissage.people.draft import keep_draft, mark_owner, pop_draft
from tissage.privacy.access import Perm, requires

STICKY = "contacts:saved"


@requires(Perm.CONTACT_LOG)
def index(request: HttpRequest) -> HttpResponse:
    return capability_landing(request, "contacts")


@keep_draft
@requires(Perm.CONTACT_LOG)
def entry(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ContactForm(request.POST, user=request.user)
        if form.is_valid():
            contact = form.save_contact(request)
            request.session[STICKY] = contact.pk
            messages.success(request, _("Contact saved."))
            return redirect("contacts:entry")
    else:
        draft = pop_draft(request)
        if draft is not None:
            form = ContactForm(draft, user=request.user)
        else:
            form = ContactForm(initial=initial_values(request.user), user=request.user)
    saved_pk = request.session.pop(STICKY, None) if request.method == "GET" else None
    saved = (
        Contact.objects.filter(pk=saved_pk, created_by=request.user).first() if saved_pk else None
    )
    unmet_rows = [
        (form[f"unmet_need_{row}"], form[f"unmet_reason_{row}"]) for row in range(1, UNMET_ROWS + 1)
    ]
    context: dict[str, Any] = {"form": form, "saved": saved, "unmet_rows": unmet_rows}
    return mark_owner(request, render(request, "contacts/entry.html", context))


def _service_label(service: Any) -> str:
    return f"{service.name} — {service.organization.name}"


@requires(Perm.CONTACT_LOG)
def service_suggestions(request: HttpRequest) -> JsonResponse:
    """Directory services for the referral field, best first (staff search: hidden ones too)."""
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    hits = search(query, public_only=False, per_page=10).hits
    results = [{"value": str(hit.service.pk), "label": _service_label(hit.service)} for hit in hits]
    return JsonResponse({"results": results})


@requires(Perm.CONTACT_LOG)
def directory_panel(request: HttpRequest) -> HttpResponse:
    """The directory search beside the form (htmx): what the navigator reads to the caller."""
    query = request.GET.get("q", "").strip()[:100]
    near = request.GET.get("near", "").strip()[:100]
    results = search(query, near=near or None, public_only=False, per_page=8) if query else None
    context = {"results": results, "query": query}
    return render(request, "contacts/_directory_panel.html", context)
