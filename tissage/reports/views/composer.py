"""The template composer: duplicate a template, then order, add, change and remove sections."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tissage.privacy import audit
from tissage.privacy.access import Perm, requires
from tissage.reports import composer
from tissage.reports.forms import (
    DuplicateForm,
    KindForm,
    SectionForm,
    TemplateNameForm,
    template_choices,
)
from tissage.reports.models import ReportTemplate
from tissage.reports.templates_default import BUILTIN


def _rows(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "index": index,
            "section": section,
            "kind": composer.KINDS.get(section.get("kind", ""), section.get("kind")),
            "title": composer.localized(section.get("title")),
            "what": composer.describe(section),
            "first": index == 0,
            "last": index == len(sections) - 1,
        }
        for index, section in enumerate(sections)
    ]


@requires(Perm.REPORT_EDIT)
def template_list(request: HttpRequest) -> HttpResponse:
    form = DuplicateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = composer.do_duplicate(form.cleaned_data["source"], form.cleaned_data["name"])
        audit.record(request, audit.Action.CREATE, template, fields=["name", "sections"])
        messages.success(request, _("The template is saved; compose it below."))
        return redirect("reports:template_edit", code=template.code)
    context = {
        "builtin": [(code, _(name)) for code, (name, _s) in BUILTIN.items()],
        "saved": ReportTemplate.objects.all(),
        "form": form,
    }
    return render(request, "reports/composer_list.html", context)


@requires(Perm.REPORT_EDIT)
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, code=code)
    form = TemplateNameForm(request.POST or None, initial={"name": template.name})
    if request.method == "POST" and form.is_valid():
        template.name = form.cleaned_data["name"]
        template.save(update_fields=["name", "updated_at"])
        audit.record(request, audit.Action.CHANGE, template, fields=["name"])
        messages.success(request, _("The name is saved."))
        return redirect("reports:template_edit", code=code)
    context = {
        "template": template,
        "form": form,
        "rows": _rows(template.sections),
        "problems": composer.problems(template.sections),
        "kinds": KindForm(),
        "names": dict(template_choices()),
    }
    return render(request, "reports/composer_edit.html", context)


def _save(request: HttpRequest, template: ReportTemplate, sections: list[dict[str, Any]]) -> None:
    composer.do_save_sections(template, sections)
    audit.record(request, audit.Action.CHANGE, template, fields=["sections"])


@requires(Perm.REPORT_EDIT)
def section_add(request: HttpRequest, code: str) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, code=code)
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in composer.KINDS:
        raise Http404(kind)
    data = request.POST if request.method == "POST" else None
    form = SectionForm(data, kind=kind, sections=template.sections)
    if data is not None and form.is_valid():
        section = composer.build_section(kind, form.cleaned_data, template.sections)
        _save(request, template, [*template.sections, section])
        messages.success(request, _("The section is added at the end."))
        return redirect("reports:template_edit", code=code)
    context = {"template": template, "form": form, "kind": kind, "kind_label": composer.KINDS[kind]}
    return render(request, "reports/composer_section.html", context)


def _section_at(template: ReportTemplate, index: int) -> dict[str, Any]:
    if not 0 <= index < len(template.sections):
        raise Http404(index)
    return template.sections[index]


@requires(Perm.REPORT_EDIT)
def section_edit(request: HttpRequest, code: str, index: int) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, code=code)
    section = _section_at(template, index)
    kind = section["kind"]
    if kind not in composer.KINDS:
        raise Http404(kind)
    form = SectionForm(
        request.POST or None,
        kind=kind,
        sections=template.sections[:index],
        initial=composer.initial_of(section),
    )
    if request.method == "POST" and form.is_valid():
        changed = composer.build_section(kind, form.cleaned_data, template.sections, section["key"])
        sections = list(template.sections)
        sections[index] = changed
        _save(request, template, sections)
        messages.success(request, _("The section is saved."))
        return redirect("reports:template_edit", code=code)
    context = {
        "template": template,
        "form": form,
        "kind": kind,
        "kind_label": composer.KINDS[kind],
        "index": index,
    }
    return render(request, "reports/composer_section.html", context)


@requires(Perm.REPORT_EDIT)
@require_POST
def section_action(request: HttpRequest, code: str, index: int) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, code=code)
    _section_at(template, index)
    action = request.POST.get("action")
    if action == "up":
        sections = composer.moved(template.sections, index, -1)
    elif action == "down":
        sections = composer.moved(template.sections, index, 1)
    elif action == "remove":
        sections = composer.removed(template.sections, index)
    else:
        raise Http404(action)
    _save(request, template, sections)
    if action == "remove":
        messages.success(request, _("The section is removed."))
    return redirect("reports:template_edit", code=code)


@requires(Perm.REPORT_EDIT)
@require_POST
def template_delete(request: HttpRequest, code: str) -> HttpResponse:
    template = get_object_or_404(ReportTemplate, code=code)
    audit.record(request, audit.Action.DELETE, template)
    template.delete()
    messages.success(
        request, _("The template is deleted; reports already written keep their texts.")
    )
    return redirect("reports:templates")
