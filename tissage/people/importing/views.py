"""The import pages: upload, column mapping, check (dry run), import, result, error report.

Checking and importing answer a script (import.js) with a stream of progress lines, then
the page to go to; without JavaScript the same work runs and the browser is redirected.
"""

import logging
import traceback
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from tissage.lib.tabular import Problem, Table, TabularError, excerpt
from tissage.people.importing import engine
from tissage.people.importing.actions import (
    describe,
    do_save_profile,
    forget_file,
    imports_dir,
    record_import,
    stored_file,
)
from tissage.people.importing.columns import FIELDS, KIND_LABELS, columns_for
from tissage.people.importing.errors import ErrorList, render_all, report_csv
from tissage.people.importing.forms import MappingForm, UploadForm, safe_file_name
from tissage.people.models import ImportRun
from tissage.privacy import audit
from tissage.privacy.access import Perm, requires

log = logging.getLogger(__name__)

STREAM_HEADER = "X-Tissage-Stream"
SHOWN_ERRORS = 100
STOPPED = gettext_noop(
    "The import stopped unexpectedly; nothing was saved. Try again, or ask for help."
)


@requires(Perm.PERSON_EDIT)
def import_start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = _create_run(request, form)
        if run is not None:
            return redirect("people:import_mapping", run_id=run.pk)
    runs = ImportRun.objects.select_related("created_by")[:20]
    return render(request, "people/import/start.html", {"form": form, "runs": runs})


def _create_run(request: HttpRequest, form: UploadForm) -> ImportRun | None:
    upload = form.cleaned_data["file"]
    data = upload.read()
    try:
        table = engine.read(data, upload.name or "")
    except TabularError as error:
        form.add_error("file", error.problem.message)
        return None
    kind, profile = form.cleaned_data["kind"], form.cleaned_data["profile"]
    run = ImportRun(kind=kind, file_name=safe_file_name(upload.name), created_by=request.user)
    # The copy is named by the run, never by the uploaded name, and is only ever read as data.
    name = "source.xlsx" if table.format == "xlsx" else "source.csv"
    folder = imports_dir() / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    run.stored_path = f"{run.pk}/{name}"
    run.columns = columns_for(kind, table.headers, profile.columns if profile else None)
    run.values = dict(profile.values) if profile else {}
    run.save()
    return run


def _run_or_404(run_id: Any) -> ImportRun:
    return get_object_or_404(ImportRun, pk=run_id)


def _table(run: ImportRun) -> Table | None:
    path = stored_file(run)
    try:
        return engine.read(path.read_bytes(), run.file_name) if path is not None else None
    except TabularError:
        return None


def _no_file(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("The file of this import is no longer available: upload it again."))
    return redirect("people:import_start")


def _mapping_form(data: Any, run: ImportRun, table: Table) -> MappingForm:
    unknown: dict[str, dict[str, int]] = {}
    if data is None:  # a posted form carries the values it listed
        options = engine.Options(run.columns, run.values, validate_only=True)
        unknown = engine.run(run.kind, table, options).unknown
    return MappingForm(
        data,
        kind=run.kind,
        headers=table.headers,
        columns=run.columns,
        unknown=unknown,
        values=run.values,
    )


def _samples(table: Table) -> dict[str, str]:
    """A few values of each column, to recognize what it holds."""
    found: dict[int, list[str]] = {index: [] for index in range(len(table.headers))}
    for _number, cells in table.rows[:200]:
        for index, cell in enumerate(cells):
            text = excerpt(cell, 30)
            if cell != "" and len(found[index]) < 3 and text not in found[index]:
                found[index].append(text)
    return {table.headers[index]: " · ".join(values) for index, values in found.items()}


def _render_mapping(
    request: HttpRequest, run: ImportRun, table: Table, form: MappingForm
) -> HttpResponse:
    samples = _samples(table)
    return render(
        request,
        "people/import/mapping.html",
        {
            "run": run,
            "table": table,
            "form": form,
            "columns": [(header, samples.get(header, ""), field) for header, field in form.rows()],
            "required": [spec for spec in FIELDS[run.kind] if spec.required],
            "kind_label": KIND_LABELS[run.kind],
        },
    )


def _save_mapping(run: ImportRun, form: MappingForm) -> None:
    run.columns = form.columns()
    run.values = form.values(run.values)
    run.status = ImportRun.Status.UPLOADED
    run.save(update_fields=["columns", "values", "status"])
    if form.cleaned_data.get("profile_name"):
        do_save_profile(run.kind, form.cleaned_data["profile_name"], run.columns, run.values)


@requires(Perm.PERSON_EDIT)
def import_mapping(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = _run_or_404(run_id)
    if run.status == ImportRun.Status.IMPORTED:
        return redirect("people:import_detail", run_id=run.pk)
    table = _table(run)
    if table is None:
        return _no_file(request)
    form = _mapping_form(request.POST if request.method == "POST" else None, run, table)
    if request.method == "POST" and form.is_valid():
        _save_mapping(run, form)
        if form.cleaned_data.get("profile_name"):
            messages.success(request, _("Column mapping saved."))
        return redirect("people:import_mapping", run_id=run.pk)
    return _render_mapping(request, run, table, form)


@requires(Perm.PERSON_EDIT)
def import_check(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = _run_or_404(run_id)
    if run.status == ImportRun.Status.IMPORTED:
        return redirect("people:import_detail", run_id=run.pk)
    if request.method != "POST":
        if run.status == ImportRun.Status.UPLOADED or not run.summary:
            return redirect("people:import_mapping", run_id=run.pk)
        return _render_summary(request, run, "people/import/check.html")
    table = _table(run)
    if table is None:
        return _no_file(request)
    form = _mapping_form(request.POST, run, table)
    if not form.is_valid():
        return _render_mapping(request, run, table, form)
    _save_mapping(run, form)
    options = engine.Options(run.columns, run.values, dry_run=True, user=request.user)

    def work() -> Iterator[tuple[int, int]]:
        summary = yield from engine.steps(run.kind, table, options)
        run.summary = summary.as_dict()
        run.status = ImportRun.Status.CHECKED
        run.save(update_fields=["summary", "status"])

    return _respond(request, run, work(), reverse("people:import_check", args=[run.pk]))


@requires(Perm.PERSON_EDIT)
def import_run(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = _run_or_404(run_id)
    if request.method != "POST" or run.status == ImportRun.Status.IMPORTED:
        return redirect("people:import_detail", run_id=run.pk)
    table = _table(run)
    if table is None:
        return _no_file(request)
    options = engine.Options(run.columns, run.values, user=request.user)

    def work() -> Iterator[tuple[int, int]]:
        # One transaction for the records, the run's state and its audit event.
        with transaction.atomic():
            summary = yield from engine.steps(run.kind, table, options)
            run.summary = summary.as_dict()
            run.status = ImportRun.Status.IMPORTED if summary.ok else ImportRun.Status.FAILED
            run.save(update_fields=["summary", "status"])
            if summary.ok:
                record_import(request, run)
        if summary.ok:
            forget_file(run)

    return _respond(request, run, work(), reverse("people:import_detail", args=[run.pk]))


def _respond(
    request: HttpRequest, run: ImportRun, work: Iterator[tuple[int, int]], url: str
) -> HttpResponse:
    if request.headers.get(STREAM_HEADER):
        response = StreamingHttpResponse(
            _stream(run, work, url), content_type="text/plain; charset=utf-8"
        )
        response[STREAM_HEADER] = "1"
        response["Cache-Control"] = "no-store"
        response["X-Accel-Buffering"] = "no"  # nginx: pass each line on at once
        return response
    for _line in _stream(run, work, url):
        pass
    return redirect(url)


def _stream(run: ImportRun, work: Iterator[tuple[int, int]], url: str) -> Iterator[str]:
    """progress <done> <total> lines, then done <url> (or error <url> when it failed)."""
    try:
        for done, total in work:
            yield f"progress {done} {total}\n"
    except Exception as error:  # the page must say what happened, never hang on a 500
        _stopped(run, error)
    failed = run.status == ImportRun.Status.FAILED or (run.summary or {}).get("error_count")
    yield f"{'error' if failed else 'done'} {url}\n"


def _stopped(run: ImportRun, error: Exception) -> None:
    # The type and place of the failure, never its message: it could quote a cell.
    frame = traceback.extract_tb(error.__traceback__)[-1]
    log.error(
        "import %s stopped: %s at %s:%s", run.pk, type(error).__name__, frame.filename, frame.lineno
    )
    errors = ErrorList()
    errors.add(Problem(STOPPED))
    summary = engine.Summary(run.kind).finish(errors).as_dict()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, summary=summary)
    run.status, run.summary = ImportRun.Status.FAILED, summary


def _render_summary(request: HttpRequest, run: ImportRun, template: str) -> HttpResponse:
    summary = run.summary or {}
    errors = render_all(summary.get("errors", [])[:SHOWN_ERRORS], run.kind)
    return render(
        request,
        template,
        {
            "run": run,
            "summary": summary,
            "lines": describe(summary) if summary else [],
            "errors": errors,
            "more_errors": max(0, summary.get("error_count", 0) - len(errors)),
            "kind_label": KIND_LABELS[run.kind],
        },
    )


@requires(Perm.PERSON_EDIT)
def import_detail(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = _run_or_404(run_id)
    return _render_summary(request, run, "people/import/detail.html")


@requires(Perm.PERSON_EDIT)
def import_errors(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = _run_or_404(run_id)
    # The report quotes cells of the file: its download is an export of personal data.
    audit.record(request, audit.Action.EXPORT, run, fields=["errors"])
    response = HttpResponse(
        report_csv(run.summary or {"kind": run.kind}), content_type="text/csv; charset=utf-8"
    )
    name = slugify(_("import errors")) or "errors"
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{run.created_at:%Y%m%d-%H%M}.csv"'
    )
    return response
