"""Configuration (direction, administration): funders, agreements, programs and their hour
bands, targets per indicator and period."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tissage.privacy import audit
from tissage.privacy.access import Perm, requires
from tissage.programs import metrics
from tissage.programs.actions import do_set_target
from tissage.programs.forms import (
    AgreementForm,
    FunderForm,
    HourBandFormSet,
    ProgramForm,
    TargetForm,
)
from tissage.programs.models import Agreement, Funder, Program
from tissage.reports.periods import date_range


@requires(Perm.REPORT_EDIT)
def configuration(request: HttpRequest) -> HttpResponse:
    context = {
        "funders": Funder.objects.all(),
        "agreements": Agreement.objects.select_related("funder"),
        "programs": Program.objects.select_related("agreement__funder").prefetch_related("bands"),
    }
    return render(request, "programs/configuration.html", context)


@transaction.atomic
def _save(request: HttpRequest, form: ModelForm) -> Any:
    created = form.instance.pk is None
    saved = form.save()
    action = audit.Action.CREATE if created else audit.Action.CHANGE
    audit.record(request, action, saved, fields=form.changed_data)
    return saved


def _simple(
    request: HttpRequest, form_class: type[ModelForm], instance: Any, title: str
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        _save(request, form)
        messages.success(request, _("Saved."))
        return redirect("programs:configuration")
    return render(request, "programs/config_form.html", {"form": form, "title": title})


@requires(Perm.REPORT_EDIT)
def funder_new(request: HttpRequest) -> HttpResponse:
    return _simple(request, FunderForm, None, _("New funder"))


@requires(Perm.REPORT_EDIT)
def funder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    funder = get_object_or_404(Funder, pk=pk)
    return _simple(request, FunderForm, funder, str(funder))


@requires(Perm.REPORT_EDIT)
def agreement_new(request: HttpRequest) -> HttpResponse:
    return _simple(request, AgreementForm, None, _("New agreement"))


@requires(Perm.REPORT_EDIT)
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(Agreement, pk=pk)
    return _simple(request, AgreementForm, agreement, str(agreement))


def _program_form(request: HttpRequest, program: Program | None) -> HttpResponse:
    form = ProgramForm(request.POST or None, instance=program)
    bands = HourBandFormSet(request.POST or None, instance=program or Program(), prefix="bands")
    if request.method == "POST" and form.is_valid() and bands.is_valid():
        with transaction.atomic():
            saved = _save(request, form)
            bands.instance = saved
            bands.save()
            if bands.has_changed():
                audit.record(request, audit.Action.CHANGE, saved, fields=["bands"])
        messages.success(request, _("Program saved. Reports count with its bands from now on."))
        return redirect("programs:configuration")
    title = str(program) if program else _("New program")
    context = {"form": form, "bands": bands, "title": title, "program": program}
    return render(request, "programs/program_form.html", context)


@requires(Perm.REPORT_EDIT)
def program_new(request: HttpRequest) -> HttpResponse:
    return _program_form(request, None)


@requires(Perm.REPORT_EDIT)
def program_edit(request: HttpRequest, code: str) -> HttpResponse:
    return _program_form(request, get_object_or_404(Program, code=code))


@requires(Perm.REPORT_EDIT)
def program_targets(request: HttpRequest, code: str) -> HttpResponse:
    """The program's targets, with the actual figure of each period; set or replace one."""
    program = get_object_or_404(Program, code=code)
    agreement = program.agreement
    form = TargetForm(
        request.POST or None,
        initial={"period_start": agreement.start, "period_end": agreement.end},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code_ = metrics.target_code(data["metric"], program.code)
        do_set_target(request, code_, data["period_start"], data["period_end"], data["value"])
        messages.success(request, _("Target saved."))
        return redirect("programs:program_targets", code=program.code)
    rows = []
    for target in metrics.targets_of(program):
        metric = metrics.parse_target_code(target.indicator_code)
        if metric is None:
            continue
        period = date_range(target.period_start, target.period_end)
        result = metrics.attainment(program, metric[0], period)
        rows.append({"target": target, "label": metrics.METRICS[metric[0]].label, "result": result})
    context = {"program": program, "form": form, "rows": rows}
    return render(request, "programs/program_targets.html", context)
