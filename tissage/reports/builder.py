"""From a template and a period to a `ReportDocument`, in one language."""

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tissage.accounts.models import OrganizationProfile
from tissage.lib.dbrouter import reading_from_replica
from tissage.lib.numbers import format_number, format_percent
from tissage.reports import highlights
from tissage.reports.compute import Figure, Series, compute, compute_series
from tissage.reports.document import Block, Cell, Chart, KeyFigure, ReportDocument, Table
from tissage.reports.manual import manual_block
from tissage.reports.memo import computing_once
from tissage.reports.models import ReportTemplate
from tissage.reports.periods import Period
from tissage.reports.registry import Indicator, Measure, indicator, source
from tissage.reports.templates_default import BUILTIN


class TemplateNotFound(LookupError):
    pass


# Section kinds contributed by other apps: {kind: function(section, period) -> Block}.
EXTRA_KINDS: dict[str, Any] = {}


def register_kind(kind: str, build: Any) -> None:
    """Let an app add a section kind (e.g. the programs' target tables) from its ready()."""
    EXTRA_KINDS[kind] = build


def template_sections(code: str) -> tuple[str, list[dict[str, Any]]]:
    saved = ReportTemplate.objects.filter(code=code).first()
    if saved is not None:
        return saved.name, saved.sections
    if code in BUILTIN:
        name, sections = BUILTIN[code]
        return _(name), sections
    raise TemplateNotFound(code)


def _localized(value: Any) -> str:
    if isinstance(value, dict):
        language = "en" if (translation.get_language() or "").startswith("en") else "fr"
        return str(value.get(language) or value.get("fr") or value.get("en") or "")
    return _(value) if value else ""


def drill_link(ind: Indicator, period: Period, code: str | None = None) -> str:
    query = {"indicator": ind.code, "start": period.start, "end": period.end}
    if code is not None:
        query["code"] = code
    return reverse("reports:drilldown") + "?" + urlencode(query)


def _value_cell(ind: Indicator, value: Any, period: Period, code: str | None = None) -> Cell:
    digits = 1 if ind.measure == Measure.PER_PERSON else 0
    return Cell(value, format_number(value, digits), drill_link(ind, period, code), "number")


def _figures_block(section: dict[str, Any], period: Period) -> Block:
    figures = []
    for code in section["indicators"]:
        ind = indicator(code)
        value = compute(ind, period).total
        if ind.measure == Measure.PER_PERSON:
            value = round(value, 1)
        figures.append(
            KeyFigure(str(ind.label), _value_cell(ind, value, period), str(ind.definition))
        )
    return Block(section["key"], "figures", _localized(section.get("title")), figures=figures)


def _with_top(ind: Indicator, section: dict[str, Any]) -> Indicator:
    return replace(ind, top=section["top"]) if section.get("top") else ind


def _table_block(section: dict[str, Any], period: Period) -> Block:
    ind = _with_top(indicator(section["indicator"]), section)
    figure = compute(ind, period)
    dimension = source(ind.source).dimension(ind.dimension or "")
    columns = [str(dimension.label), str(ind.label) if not ind.share else _("Persons")]
    if ind.share:
        columns.append("%")
    rows = []
    for row in figure.rows:
        cells = [Cell(row.label, row.label), _value_cell(ind, row.value, period, row.code)]
        if ind.share:
            cells.append(Cell(row.share, format_percent(row.share), kind="percent"))
        rows.append(cells)
    title = _localized(section.get("title")) or str(ind.label)
    chart = _chart(section, title, figure)
    table = Table(section["key"], title, columns, rows, str(ind.definition), chart)
    return Block(section["key"], "table", title, table=table)


def _chart(section: dict[str, Any], title: str, figure: Figure) -> Chart | None:
    kind = section.get("chart")
    if not kind or not figure.rows:
        return None
    shares = figure.indicator.share
    values = [float(row.share if shares else row.value) for row in figure.rows]
    return Chart(
        section["key"],
        title,
        kind,
        [row.label for row in figure.rows],
        [(title, values)],
        "%" if shares else "",
    )


def _series_block(section: dict[str, Any], period: Period) -> tuple[Block, Series]:
    ind = _with_top(indicator(section["indicator"]), section)
    series = compute_series(ind, period.previous(int(section.get("years", 4))))
    dimension = source(ind.source).dimension(ind.dimension or "")
    newest_first = list(range(len(series.periods) - 1, -1, -1))
    columns = ["#", str(dimension.label)] + [series.periods[i].label for i in newest_first]
    rows = []
    for rank, row in enumerate(series.rows, start=1):
        cells = [Cell(rank, str(rank), kind="rank"), Cell(row.label, row.label)]
        for i in newest_first:
            value = row.values[i]
            link = drill_link(ind, series.periods[i], row.code) if value is not None else None
            cells.append(Cell(value, format_number(value), link, "number"))
        rows.append(cells)
    title = _localized(section.get("title")) or str(ind.label)
    chart = None
    if section.get("chart"):
        labels = [row.label for row in series.rows]
        bars = [
            (p.label, [float(row.values[i] or 0) for row in series.rows])
            for i, p in enumerate(series.periods)
        ]
        chart = Chart(section["key"], title, "grouped", labels, bars)
    table = Table(section["key"], title, columns, rows, str(ind.definition), chart, numbered=True)
    return Block(section["key"], "table", title, table=table), series


def _ranking_block(section: dict[str, Any], period: Period) -> Block:
    ind = _with_top(indicator(section["indicator"]), section)
    figure = compute(ind, period)
    dimension = source(ind.source).dimension(ind.dimension or "")
    rows = [
        [
            Cell(rank, str(rank), kind="rank"),
            Cell(row.label, row.label),
            _value_cell(ind, row.value, period, row.code),
        ]
        for rank, row in enumerate(figure.rows, start=1)
    ]
    title = _localized(section.get("title")) or str(ind.label)
    table = Table(
        section["key"],
        title,
        ["#", str(dimension.label), str(source(ind.source).label)],
        rows,
        str(ind.definition),
        numbered=True,
    )
    return Block(section["key"], "table", title, table=table)


def _highlights_block(
    section: dict[str, Any], period: Period, series_by_key: dict[str, Series]
) -> Block:
    sentences: list[str] = []
    for code in section.get("record", []):
        sentences += [h.sentence for h in highlights.record_high(code, period)]
    for key in section.get("series", []):
        series = series_by_key.get(key)
        if series is None:
            continue
        top = series.indicator.top or len(series.rows)
        sentences += [h.sentence for h in highlights.changes(series)]
        sentences += [h.sentence for h in highlights.newcomers(series, top)]
    for code in section.get("averages", []):
        sentences += [h.sentence for h in highlights.average(code, period)]
    for code in section.get("leaders", []):
        sentences += [h.sentence for h in highlights.leader(code, period)]
    title = _localized(section.get("title")) or _("Highlights")
    return Block(section["key"], "highlights", title, sentences=sentences)


@computing_once()  # each figure asked once per build, however many sections show it
def build_report(
    template_code: str,
    period: Period,
    *,
    language: str = "fr-ca",
    texts: dict[str, dict[str, str]] | None = None,
    progress: Any = None,
) -> ReportDocument:
    """Compute every section of the template for the period, in `language`."""
    name, sections = template_sections(template_code)
    texts = texts or {}
    with translation.override(language), reading_from_replica():
        name = _localized(name) if isinstance(name, dict) else _(name)
        blocks: list[Block] = []
        series_by_key: dict[str, Series] = {}
        definitions: dict[str, str] = {}
        for number, section in enumerate(sections, start=1):
            if progress is not None:
                progress(number, len(sections), section.get("key", ""))
            kind = section["kind"]
            if kind == "text":
                own = texts.get(section["key"], {}).get(language)
                text = own if own is not None else _localized(section.get("text"))
                blocks.append(Block(section["key"], "text", _localized(section["title"]), text))
            elif kind == "figures":
                blocks.append(_figures_block(section, period))
            elif kind == "table":
                blocks.append(_table_block(section, period))
            elif kind == "series":
                block, series = _series_block(section, period)
                series_by_key[section["key"]] = series
                blocks.append(block)
            elif kind == "ranking":
                blocks.append(_ranking_block(section, period))
            elif kind == "highlights":
                blocks.append(_highlights_block(section, period, series_by_key))
            elif kind == "manual":
                blocks.append(manual_block(section, period))
            elif kind in EXTRA_KINDS:
                blocks.append(EXTRA_KINDS[kind](section, period))
            for code in [*section.get("indicators", []), section.get("indicator")]:
                if code:
                    ind = indicator(code)
                    definitions[str(ind.label)] = str(ind.definition)
        organization = OrganizationProfile.current()
        return ReportDocument(
            title=name,
            organization=organization.name,
            period_label=period.label,
            period_start=period.start.isoformat(),
            period_end=period.end.isoformat(),
            language=language,
            blocks=blocks,
            definitions=sorted(definitions.items()),
            logo_path=organization.logo.path if organization.logo else None,
            generated_at=timezone.localtime().strftime("%Y-%m-%d %H:%M"),
            template_code=template_code,
        )
