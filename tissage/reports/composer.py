"""Composing report templates: the sections an organization orders, titles in both languages;
and the texts a report of a template keeps for its period.

A saved template is a `ReportTemplate` whose `sections` list has the same shape as the
built-in ones (`templates_default.py`), with titles and texts as {"fr": …, "en": …}. The
functions here change that list; the views only call them and save.
"""

from copy import deepcopy
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tissage.reports.builder import EXTRA_KINDS
from tissage.reports.models import ManualIndicator, Report, ReportTemplate
from tissage.reports.periods import Period
from tissage.reports.registry import (
    DimensionKind,
    Indicator,
    Measure,
    all_indicators,
    indicator,
    source,
)
from tissage.reports.templates_default import BUILTIN

Section = dict[str, Any]

KINDS: dict[str, Any] = {
    "text": gettext_lazy("Text written for each report"),
    "figures": gettext_lazy("Key figures"),
    "table": gettext_lazy("Table with one breakdown"),
    "series": gettext_lazy("Table over several years"),
    "ranking": gettext_lazy("Ranking"),
    "highlights": gettext_lazy("Highlights"),
    "manual": gettext_lazy("Manual indicators"),
}
CHARTS: dict[str, Any] = {
    "": gettext_lazy("No chart"),
    "bar": gettext_lazy("Vertical bars"),
    "barh": gettext_lazy("Horizontal bars"),
    "pie": gettext_lazy("Pie"),
}
# Paths under /rapports/ that a template code would hide.
RESERVED = {"modeles", "detail", "qualite", "cibles", "indicateurs-manuels", "nouveau"}
MAX_TOP, MAX_YEARS = 50, 9


def has_total_only(ind: Indicator) -> bool:
    return ind.dimension is None or ind.measure == Measure.DISTINCT


def breakdown_kind(ind: Indicator) -> DimensionKind | None:
    if has_total_only(ind):
        return None
    return source(ind.source).dimension(ind.dimension or "").kind


def compatible_indicators(kind: str) -> list[Indicator]:
    """The indicators a section of this kind can show: key figures need a single total, tables
    a breakdown; a table over years cannot follow months (each year has its own)."""
    found = all_indicators()
    if kind == "figures":
        return [ind for ind in found if has_total_only(ind)]
    if kind == "table":
        return [ind for ind in found if not has_total_only(ind)]
    if kind in ("series", "ranking"):
        return [ind for ind in found if breakdown_kind(ind) not in (None, DimensionKind.MONTH)]
    return []


def both_languages(msgid: str) -> dict[str, str]:
    """A built-in title or text in French and English, as a saved template keeps it."""
    found = {}
    for key, language in (("fr", "fr-ca"), ("en", "en")):
        with translation.override(language):
            found[key] = _(msgid) if msgid else ""
    return found


def localized(value: Any) -> str:
    if isinstance(value, dict):
        english = (translation.get_language() or "").startswith("en")
        return str(value.get("en" if english else "fr") or value.get("fr") or value.get("en") or "")
    return _(value) if value else ""


def default_text(section: Section, language: str) -> str:
    """The text a text section starts with, before anyone edits it for a report."""
    with translation.override(language):
        return localized(section.get("text"))


def resolved(sections: list[Section]) -> list[Section]:
    copied = deepcopy(sections)
    for section in copied:
        for name in ("title", "text"):
            if isinstance(section.get(name), str):
                section[name] = both_languages(section[name])
    return copied


def unique_code(name: str) -> str:
    base = slugify(name)[:40] or "modele"
    taken = set(ReportTemplate.objects.values_list("code", flat=True)) | set(BUILTIN) | RESERVED
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


@transaction.atomic
def do_duplicate(code: str, name: str) -> ReportTemplate:
    """A saved copy of a built-in or saved template, which the organization can then edit."""
    saved = ReportTemplate.objects.filter(code=code).first()
    sections = saved.sections if saved else BUILTIN[code][1]
    return ReportTemplate.objects.create(
        code=unique_code(name), name=name, sections=resolved(sections)
    )


def new_key(sections: list[Section], base: str) -> str:
    taken = {section.get("key") for section in sections}
    base = slugify(base).replace("-", "_") or "section"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def moved(sections: list[Section], index: int, delta: int) -> list[Section]:
    target = index + delta
    if not (0 <= index < len(sections) and 0 <= target < len(sections)):
        return list(sections)
    result = list(sections)
    result[index], result[target] = result[target], result[index]
    return result


def removed(sections: list[Section], index: int) -> list[Section]:
    return [section for number, section in enumerate(sections) if number != index]


def build_section(
    kind: str, data: dict[str, Any], sections: list[Section], key: str = ""
) -> Section:
    """A section from a composer form's cleaned data; options left empty are left out."""
    if not key:
        base = data.get("indicator") or kind
        key = new_key(sections, base.split(".")[-1])
    section: Section = {"kind": kind, "key": key}
    title = {"fr": data.get("title_fr", "").strip(), "en": data.get("title_en", "").strip()}
    if kind == "text" or any(title.values()):
        section["title"] = title
    if kind == "text":
        section["text"] = {"fr": data.get("text_fr", ""), "en": data.get("text_en", "")}
    if kind == "figures":
        section["indicators"] = list(data.get("indicators", []))
    if kind in ("table", "series", "ranking"):
        section["indicator"] = data["indicator"]
        if data.get("top"):
            section["top"] = int(data["top"])
    if kind in ("table", "series") and data.get("chart"):
        section["chart"] = data["chart"]
    if kind == "series":
        section["years"] = int(data.get("years") or 4)
    if kind == "highlights":
        for name in ("record", "series", "averages", "leaders"):
            section[name] = list(data.get(name, []))
    if kind == "manual":
        section["manual"] = list(data.get("manual", []))
    return section


def initial_of(section: Section) -> dict[str, Any]:
    """A section as a composer form's initial data."""
    title = section.get("title") or {}
    title = both_languages(title) if isinstance(title, str) else title
    text = section.get("text") or {}
    text = both_languages(text) if isinstance(text, str) else text
    initial = {
        "title_fr": title.get("fr", ""),
        "title_en": title.get("en", ""),
        "text_fr": text.get("fr", ""),
        "text_en": text.get("en", ""),
        "years": section.get("years", 4),
    }
    options = ("indicators", "indicator", "top", "chart", "record", "series", "averages")
    for name in (*options, "leaders", "manual"):
        if name in section:
            initial[name] = section[name]
    return initial


def missing_indicators(sections: list[Section]) -> list[str]:
    """Indicators a template names that no app declares (any more): it cannot be built."""
    known = {ind.code for ind in all_indicators()}
    named = []
    for section in sections:
        named += [*section.get("indicators", []), section.get("indicator")]
        named += [*section.get("record", []), *section.get("averages", [])]
        named += section.get("leaders", [])
    return [code for code in dict.fromkeys(named) if code and code not in known]


def problems(sections: list[Section]) -> list[str]:
    """What would keep the template from building a full report, in words a director can act
    on (the builder skips what it cannot place, so only a vanished indicator stops it)."""
    manual = set(ManualIndicator.objects.values_list("code", flat=True))
    found = []
    series_before: set[str] = set()
    keys: set[str] = set()
    for number, section in enumerate(sections, start=1):
        kind, key = section.get("kind"), section.get("key", "")
        say = {"n": number, "kind": kind, "key": key}
        if kind not in KINDS and kind not in EXTRA_KINDS:
            found.append(_("Section %(n)s: unknown kind “%(kind)s”.") % say)
            continue
        if key in keys:
            found.append(_("Section %(n)s: its key is used twice.") % say)
        keys.add(key)
        for code in missing_indicators([section]):
            found.append(
                _("Section %(n)s: the indicator “%(code)s” no longer exists.")
                % {**say, "code": code}
            )
        for code in [c for c in section.get("manual", []) if c not in manual]:
            found.append(
                _("Section %(n)s: the manual indicator “%(code)s” no longer exists.")
                % {**say, "code": code}
            )
        late = [k for k in section.get("series", []) if k not in series_before]
        for series_key in late if kind == "highlights" else []:
            found.append(
                _(
                    "Section %(n)s: the highlights use the table over years “%(key)s”, which "
                    "must come before them."
                )
                % {**say, "key": series_key}
            )
        if kind == "series":
            series_before.add(key)
    return found


def describe(section: Section) -> str:
    """One line that says what a section shows, for the composer's list."""
    kind = section.get("kind", "")
    codes = [section["indicator"]] if section.get("indicator") else section.get("indicators", [])
    names = []
    for code in codes:
        try:
            names.append(str(indicator(code).label))
        except KeyError:
            names.append(code)
    if kind == "manual":
        labels = dict(ManualIndicator.objects.values_list("code", "label_fr"))
        names = [labels.get(code, code) for code in section.get("manual", [])]
    return ", ".join(names)


@transaction.atomic
def do_save_sections(template: ReportTemplate, sections: list[Section]) -> None:
    template.sections = sections
    template.save(update_fields=["sections", "updated_at"])


@transaction.atomic
def do_save_text(
    template: str, period: Period, key: str, language: str, text: str | None, user: Any
) -> Report:
    """Keep (or, with None, forget) a report's own text of one block in one language."""
    report, _created = Report.objects.select_for_update().get_or_create(
        template_code=template,
        period_start=period.start,
        period_end=period.end,
        defaults={"period_label": period.label},
    )
    block = dict(report.texts.get(key, {}))
    if text is None:
        block.pop(language, None)
    else:
        block[language] = text
    report.texts = {**report.texts, key: block}
    report.period_label = period.label
    report.updated_by = user
    report.save()
    return report
