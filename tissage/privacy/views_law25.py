"""Law 25 pages: the person in charge (public), incidents, sealed files, a person's export."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.accounts.models import OrganizationProfile
from tissage.people.models import Person
from tissage.privacy import audit
from tissage.privacy.access import Perm, can, persons_for, public, requires
from tissage.privacy.export import person_zip
from tissage.privacy.forms import IncidentForm, SealForm
from tissage.privacy.models import ConfidentialityIncident
from tissage.privacy.register import do_note_step, request_for


@public
def officer(request: HttpRequest) -> HttpResponse:
    """Who answers for personal information, as Law 25 requires it be published."""
    context = {
        "profile": OrganizationProfile.current(),
        "can_register": can(request.user, Perm.ADMINISTER),
    }
    return render(request, "privacy/officer.html", context)


@requires(Perm.AUDIT_VIEW)
def incidents(request: HttpRequest) -> HttpResponse:
    items = ConfidentialityIncident.objects.all()
    context = {"incidents": items, "can_edit": can(request.user, Perm.ADMINISTER)}
    return render(request, "privacy/incidents.html", context)


@requires(Perm.ADMINISTER)
def incident_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    incident = get_object_or_404(ConfidentialityIncident, pk=pk) if pk else None
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if incident is None:
            saved.recorded_by = request.user
        saved.save()
        action = audit.Action.CREATE if incident is None else audit.Action.CHANGE
        audit.record(request, action, saved, fields=form.changed_data)
        return redirect("privacy:incidents")
    return render(request, "privacy/incident_form.html", {"form": form, "incident": incident})


@requires(Perm.ADMINISTER)
def seals(request: HttpRequest) -> HttpResponse:
    """Seal a file, or change who may see it. Administrators manage the list of names; the
    list page shows codes only, so managing a seal reveals nothing of the file."""
    initial = {}
    code = request.GET.get("code", "").strip()
    if code:
        person = Person.objects.current().filter(code=code).first()
        if person is not None:
            initial = {
                "code": person.code,
                "sealed": person.sealed,
                "allowed_users": list(person.allowed_users.all()),
            }
    form = SealForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        person = Person.objects.current().filter(code=form.cleaned_data["code"].strip()).first()
        if person is None:
            form.add_error("code", _("No file has this code."))
        else:
            person.sealed = form.cleaned_data["sealed"]
            person.save(update_fields=["sealed"])
            person.allowed_users.set(form.cleaned_data["allowed_users"])
            audit.record(
                request, audit.Action.PERMISSION_CHANGE, person, fields=["allowed_users", "sealed"]
            )
            return redirect("privacy:seals")
    sealed = Person.objects.current().filter(sealed=True).prefetch_related("allowed_users")
    return render(request, "privacy/seals.html", {"form": form, "sealed": sealed})


@requires(Perm.PERSON_EDIT)
def person_export(request: HttpRequest, code: str) -> HttpResponse:
    """The person's own file, for an access or portability request: a zip of JSON and CSV."""
    person = persons_for(request.user).filter(code=code).first()
    if person is None:
        raise Http404
    privacy_request = request_for(request)  # done for a request of the register?
    content = person_zip(request.user, person)
    audit.record(request, audit.Action.EXPORT, person, fields=["access_request"])
    if privacy_request is not None:
        do_note_step(request, privacy_request, person, "person_export")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{person.code}.zip"'
    return response
