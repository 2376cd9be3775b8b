"""One report: a template computed for a period, its texts, its downloads."""

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from tissage.privacy import audit
from tissage.privacy.access import Perm, can, requires
from tissage.reports.builder import build_report
from tissage.reports.composer import default_text, do_save_text, localized, missing_indicators
from tissage.reports.document import Block, ReportDocument
from tissage.reports.forms import TextForm, period_slug
from tissage.reports.models import Report
from tissage.reports.periods import Period
from tissage.reports.quality import problems_found, quality_checks

from .common import REPORT_LANGUAGES, period_or_404, report_language, template_or_404
from .home import report_url

FORMATS = {"docx": "Word", "xlsx": "Excel", "pdf": "PDF", "html": "HTML"}


def saved_report(template: str, period: Period) -> Report | None:
    return Report.objects.filter(
        template_code=template, period_start=period.start, period_end=period.end
    ).first()


def build(template: str, period: Period, language: str) -> ReportDocument:
    report = saved_report(template, period)
    try:
        return build_report(
            template, period, language=language, texts=report.texts if report else {}
        )
    except (ValueError, OverflowError) as exc:  # a table over years reaching year 0 or 10000
        raise Http404(str(exc)) from exc


def fragment_of(doc: ReportDocument) -> str:
    # The renderers load their libraries (Word, Excel, PDF) on first use only.
    from tissage.reports.render import html_fragment

    return html_fragment(doc, links=True)


def editable_parts(doc: ReportDocument) -> list[tuple[str, Any]]:
    """The body cut around its text blocks, so that each text can be edited where it stands:
    ("html", the renderer's fragment of the blocks between) or ("text", the text block)."""
    parts: list[tuple[str, Any]] = []
    run: list[Block] = []
    for block in doc.blocks:
        if block.kind != "text":
            run.append(block)
            continue
        if run:
            parts.append(("html", fragment_of(replace(doc, blocks=run, definitions=[]))))
            run = []
        parts.append(("text", block))
    parts.append(("html", fragment_of(replace(doc, blocks=run))))  # the definitions close it
    return parts


def _canonical(request: HttpRequest, template: str, slug: str, period: Period) -> str | None:
    """The URL under which this period is known, if `slug` is another way of writing it."""
    canonical = period_slug(period)
    if slug == canonical:
        return None
    query = request.GET.urlencode()
    return report_url(template, canonical) + (f"?{query}" if query else "")


@requires(Perm.STATS_VIEW)
def report_page(request: HttpRequest, template: str, period: str) -> HttpResponse:
    chosen = period_or_404(period)
    name, sections = template_or_404(template)
    if (elsewhere := _canonical(request, template, period, chosen)) is not None:
        return redirect(elsewhere)
    can_edit = can(request.user, Perm.REPORT_EDIT)
    context: dict[str, Any] = {"name": name, "template": template, "period": chosen}
    context["can_edit"] = can_edit
    if missing := missing_indicators(sections):
        # A saved template naming an indicator that no app declares any more.
        return render(request, "reports/report_broken.html", context | {"missing": missing})
    language = report_language(request)
    doc = build(template, chosen, language)
    checks = quality_checks(chosen)
    context |= {
        "document": doc,
        "language": language,
        "parts": editable_parts(doc) if can_edit else [("html", fragment_of(doc))],
        "slug": period_slug(chosen),
        "languages": [(code, code == language) for code in REPORT_LANGUAGES],
        "formats": FORMATS,
        "checks": [check for check in checks if check.count],
        "problems": problems_found(checks),
    }
    return render(request, "reports/report.html", context)


@requires(Perm.STATS_VIEW)
def report_download(request: HttpRequest, template: str, period: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404(fmt)
    chosen = period_or_404(period)
    _name, sections = template_or_404(template)
    if missing_indicators(sections):
        raise Http404(template)
    doc = build(template, chosen, report_language(request))
    from tissage.reports.render import render as render_report

    rendered = render_report(doc, fmt)
    audit.record(
        request,
        audit.Action.EXPORT,
        object_type="reports.report",
        object_id=f"{template}:{chosen.label}"[:64],  # the audit trail's length
        fields=[fmt],
    )
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


def _text_section(sections: list[dict[str, Any]], key: str) -> dict[str, Any]:
    for section in sections:
        if section.get("kind") == "text" and section.get("key") == key:
            return section
    raise Http404(key)


def _current_text(template: str, period: Period, section: dict[str, Any], language: str) -> str:
    report = saved_report(template, period)
    own = (report.texts if report else {}).get(section["key"], {}).get(language)
    return own if own is not None else default_text(section, language)


@requires(Perm.REPORT_EDIT)
def text_edit(request: HttpRequest, template: str, period: str, key: str) -> HttpResponse:
    """Edit one text block of a report in the report's language: in place through htmx, or
    on a page of its own without JavaScript."""
    chosen = period_or_404(period)
    section = _text_section(template_or_404(template)[1], key)
    language = report_language(request)
    with translation.override(language):
        title = localized(section.get("title"))
    context = {"template": template, "slug": period_slug(chosen), "key": key}
    context |= {"language": language, "title": title}
    if request.method == "POST":
        restore = "restore" in request.POST
        form = TextForm(request.POST)
        if restore or form.is_valid():
            text = None if restore else form.cleaned_data["text"]
            report = do_save_text(template, chosen, key, language, text, request.user)
            audit.record(request, audit.Action.CHANGE, report, fields=["texts"])
            if not request.htmx:
                messages.success(request, _("The text is saved."))
                return redirect(report_url(template, period_slug(chosen), language))
            context["text"] = _current_text(template, chosen, section, language)
            return render(request, "reports/_text_block.html", context)
    else:
        form = TextForm(initial={"text": _current_text(template, chosen, section, language)})
    if request.htmx and request.GET.get("cancel"):
        context["text"] = form.initial["text"]
        return render(request, "reports/_text_block.html", context)
    page = "reports/_text_form.html" if request.htmx else "reports/text_edit.html"
    return render(request, page, context | {"form": form})
