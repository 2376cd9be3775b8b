"""Importing activities in the browser: upload (which checks the file at once, a dry run),
then import what was checked, or download the error report."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.activities import importing
from tissage.activities.models import ActivityImport
from tissage.lib.tabular import MAX_BYTES
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires

SHOWN_ERRORS = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (semicolon or comma) or Excel .xlsx: one row per session, with the columns "
            "date, type, titre and participants."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1_048_576, 1), "limit": MAX_BYTES // 1_048_576}
            )
        return upload


def _name(upload: object) -> str:
    name = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()[:200] or "fichier"


@requires(Perm.ACTIVITY_MANAGE)
def import_start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        summary = importing.run_file(data, _name(upload), dry_run=True, user=request.user)
        run = ActivityImport.objects.create(
            file_name=_name(upload),
            data=data if summary.ok else b"",
            status=ActivityImport.Status.CHECKED if summary.ok else ActivityImport.Status.FAILED,
            summary=summary.as_dict(),
            created_by=request.user,
        )
        return redirect("activities:import_detail", pk=run.pk)
    runs = ActivityImport.objects.defer("data").select_related("created_by")[:20]
    return render(request, "activities/import_start.html", {"form": form, "runs": runs})


@requires(Perm.ACTIVITY_MANAGE)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ActivityImport.objects.defer("data"), pk=pk)
    summary = run.summary or {}
    errors = importing.render_errors(summary)[:SHOWN_ERRORS]
    context = {
        "run": run,
        "lines": importing.describe(summary) if summary else [],
        "errors": errors,
        "more_errors": max(0, summary.get("error_count", 0) - len(errors)),
    }
    return render(request, "activities/import_detail.html", context)


@requires(Perm.ACTIVITY_MANAGE)
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ActivityImport, pk=pk)
    if request.method != "POST" or run.status != ActivityImport.Status.CHECKED:
        return redirect("activities:import_detail", pk=run.pk)
    with transaction.atomic():
        summary = importing.run_file(bytes(run.data), run.file_name, user=request.user)
        run.summary = summary.as_dict()
        run.status = ActivityImport.Status.IMPORTED if summary.ok else ActivityImport.Status.FAILED
        run.data = b""  # the records are in the database now; the file is not kept
        run.save(update_fields=["summary", "status", "data"])
        if summary.ok:
            audit.record(request, audit.Action.CREATE, run, fields=["activities", "sessions"])
    if summary.ok:
        messages.success(request, _("Import finished."))
    return redirect("activities:import_detail", pk=run.pk)


@requires(Perm.ACTIVITY_MANAGE)
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ActivityImport.objects.defer("data"), pk=pk)
    audit.record(request, audit.Action.EXPORT, run, fields=["errors"])
    response = HttpResponse(
        importing.report_csv(run.summary or {}), content_type="text/csv; charset=utf-8"
    )
    name = slugify(_("import errors")) or "errors"
    response["Content-Disposition"] = f'attachment; filename="{name}-{run.pk}.csv"'
    return response
