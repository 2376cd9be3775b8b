"""The import page: upload a CSV or XLSX, try it (dry run), then import it for real."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tissage.contacts.importing import COLUMNS, error_report, import_contacts
from tissage.lib.tabular import MAX_BYTES, Problem
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires

ERRORS_KEY = "contacts:import_errors"


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    dry_run = forms.BooleanField(label=_("Check only (dry run)"), required=False, initial=True)


@requires(Perm.CONTACT_LOG)
def upload(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_BYTES:
                form.add_error("file", _("The file is too large."))
            else:
                result = import_contacts(
                    upload.read(), upload.name, dry_run=form.cleaned_data["dry_run"]
                )
                request.session[ERRORS_KEY] = [
                    [p.message_id, p.params, p.row, p.column, p.value] for p in result.problems
                ]
                if result.created:
                    audit.record(request, audit.Action.CREATE, None, fields=["contacts"])
    else:
        form = UploadForm()
    context = {"form": form, "result": result, "columns": COLUMNS}
    return render(request, "contacts/import.html", context)


@requires(Perm.CONTACT_LOG)
def errors(request: HttpRequest) -> HttpResponse:
    """The problems of the last import tried, as a CSV to fix the file with."""
    stored = request.session.get(ERRORS_KEY) or []
    problems = [Problem(m, p or {}, row=r, column=c, value=v) for m, p, r, c, v in stored]
    # The report quotes cells of the file: its download is an export of personal data.
    audit.record(request, audit.Action.EXPORT, object_type="contacts.contact", fields=["errors"])
    response = HttpResponse(error_report(problems), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="erreurs-import-demandes.csv"'
    return response
