"""A report's charts, drawn once with matplotlib and reused by every renderer.

A `Chart` of the report document becomes one matplotlib figure; that figure is saved as PNG
(Word, and anywhere an image file is needed) and as SVG (HTML and PDF, sharp at any size).
Figures and their exports are cached by the chart's content and language, so a report built
in four formats draws each chart once.

Colours: every colour of the palette reaches at least 4.5:1 against white (WCAG 1.4.11 asks
3:1 for graphics), and white lines separate bars and slices so neighbours stay distinct
without relying on hue alone. Labels come from the document, already in its language;
numbers on axes and slices are formatted the Québec way in French (10 873, 44 %).
"""

import io
import os
import re
import tempfile
import textwrap
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tissage.lib.numbers import format_number, format_percent
from tissage.reports.document import Chart


def _writable_config_dir() -> None:
    """Matplotlib writes a font cache to its configuration directory; on a server the home
    directory is often read-only. Only when nobody chose a directory and the default one is
    not writable, use a private temporary one."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    target = config if os.path.exists(config) else os.path.dirname(config)
    if not os.access(target, os.W_OK):
        os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="tissage-matplotlib-")


_writable_config_dir()

import matplotlib  # noqa: E402  (the configuration directory must be chosen first)

matplotlib.use("Agg")  # no display on a server; set explicitly, whatever the environment says

from matplotlib import rc_context  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from tissage.reports import chart_layout  # noqa: E402  (imports matplotlib)

PALETTE = (
    "#0b5a8a",  # blue (the app's accent)
    "#b35c00",  # orange
    "#117733",  # green
    "#aa4499",  # purple
    "#332288",  # indigo
    "#882255",  # wine
    "#0e7490",  # teal
    "#7a5c00",  # olive
)
INK = "#1d2430"
GRID = "#c9d1dc"
WIDTH_INCHES = 6.3  # 16 cm: the text width of a Letter or A4 page with 2.5 cm margins
PNG_DPI = 200
LONG_LABEL = 12  # labels longer than this turn vertical bars into horizontal ones
MANY_BARS = 10  # and so do more bars than this
WRAP = 30  # characters per line of a bar's label
SVG_FONTS = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, sans-serif"
SMALL_SLICE = 3.0  # % under which a slice is labelled in the legend only

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": GRID,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "none",  # text stays text in SVG: smaller, searchable, read by screen readers
    "svg.hashsalt": "tissage",  # deterministic ids
}

# Matplotlib's global state (rcParams, font cache) is not thread-safe: one drawing at a time.
_LOCK = threading.RLock()


@dataclass(frozen=True)
class FrozenChart:
    """A `Chart` as a hashable value: the cache key of its drawing."""

    key: str
    title: str
    kind: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str
    language: str

    @classmethod
    def of(cls, chart: Chart, language: str) -> "FrozenChart":
        return cls(
            chart.key,
            chart.title,
            chart.kind,
            tuple(chart.labels),
            tuple((name, tuple(float(v or 0) for v in values)) for name, values in chart.series),
            chart.unit,
            language,
        )


def png(chart: Chart, language: str) -> bytes:
    """The chart as a PNG image, about 16 cm wide at 200 dpi."""
    return _png(FrozenChart.of(chart, language))


def svg(chart: Chart, language: str) -> str:
    """The chart as an SVG element for inline HTML (no XML prolog, ids unique to the chart)."""
    return _svg(FrozenChart.of(chart, language))


PNG_OPTIONS = {
    "format": "png",
    "dpi": PNG_DPI,
    "metadata": {"Software": None},
    "facecolor": "white",
}
SVG_OPTIONS = {"format": "svg", "metadata": {"Date": None, "Creator": None}}


@lru_cache(maxsize=64)
def _png(frozen: FrozenChart) -> bytes:
    with _LOCK, rc_context(RC):
        buffer = io.BytesIO()
        chart_layout.savefig(_figure(frozen), buffer, _structure(frozen), **PNG_OPTIONS)
        return buffer.getvalue()


@lru_cache(maxsize=64)
def _svg(frozen: FrozenChart) -> str:
    with _LOCK, rc_context({**RC, "svg.hashsalt": f"tissage-{frozen.key}"}):
        buffer = io.StringIO()
        chart_layout.savefig(_figure(frozen), buffer, _structure(frozen), **SVG_OPTIONS)
    return _inline_svg(buffer.getvalue(), _slug(frozen.key), frozen.title)


def _structure(frozen: FrozenChart) -> tuple[Any, ...]:
    """What decides a chart's layout besides its artists: everything but the values (the
    layout memo reads tick labels, legends and value labels from the figure itself)."""
    names = tuple(name for name, _values in frozen.series)
    return (frozen.kind, frozen.labels, names, frozen.unit, frozen.language)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "chart"


def _inline_svg(text: str, prefix: str, title: str) -> str:
    """Matplotlib's SVG made fit for a page holding several charts: no prolog, ids prefixed
    with the chart's key (every figure names its groups "figure_1", "axes_1"…), a role and a
    title for assistive technology."""
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.DOTALL)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', text)
    # Text was measured with DejaVu Sans; Verdana, its metric cousin, is the closest fallback.
    text = text.replace("font-family: 'DejaVu Sans'", f"font-family: {SVG_FONTS}")
    label = _xml_escape(title)
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def _xml_escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


@lru_cache(maxsize=32)
def _figure(frozen: FrozenChart) -> Figure:
    """Draw once; `_png` and `_svg` save the same figure. Call under `_LOCK` and `RC`."""
    kind = frozen.kind
    values = frozen.series[0][1] if frozen.series else ()
    if kind == "pie" and len(values) <= len(PALETTE) and sum(v for v in values if v > 0) > 0:
        return _pie(frozen)
    # More slices than colours, or nothing to share: bars say it better than a pie.
    horizontal = (
        kind in ("barh", "pie")
        or len(frozen.labels) > MANY_BARS
        or max((len(label) for label in frozen.labels), default=0) > LONG_LABEL
    )
    if len(frozen.series) > 1 or kind == "grouped":
        return _grouped(frozen, horizontal)
    return _bars(frozen, horizontal)


def _new_figure(height: float) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_axisbelow(True)
    return figure, axes


def _formatter(frozen: FrozenChart, *, whole: bool = False) -> FuncFormatter:
    """Numbers as the tables show them; `whole` rounds percentages to the unit, like the
    tables' "%" column, so a bar never says 18,9 % beside a table that says 19 %."""

    def label(value: float, _position: Any = None) -> str:
        percent = frozen.unit == "%"
        digits = 0 if float(value).is_integer() or (whole and percent) else 1
        if percent:
            return format_percent(value, digits, frozen.language)
        return format_number(value, digits, frozen.language)

    return FuncFormatter(label)


def _value_axis(axes: Axes, frozen: FrozenChart, horizontal: bool) -> None:
    axis = axes.xaxis if horizontal else axes.yaxis
    # Round steps (1, 2, 5, 10…): no 17,5 % on an axis.
    axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    axis.set_major_formatter(_formatter(frozen))
    axes.grid(axis="x" if horizontal else "y", color=GRID, linewidth=0.6)


def _wrapped(labels: tuple[str, ...]) -> list[str]:
    return ["\n".join(textwrap.wrap(label, WRAP)) or label for label in labels]


def _bars(frozen: FrozenChart, horizontal: bool) -> Figure:
    values = list(frozen.series[0][1]) if frozen.series else []
    count = len(frozen.labels)
    height = 0.8 + 0.38 * count if horizontal else 3.2
    figure, axes = _new_figure(height)
    positions = list(range(count))
    if horizontal:
        bars = axes.barh(positions, values, color=PALETTE[0], edgecolor="white", height=0.7)
        axes.set_yticks(positions, _wrapped(frozen.labels))
        axes.invert_yaxis()  # the first row of the table on top
        axes.tick_params(axis="y", length=0)
        axes.margins(x=0.12)
    else:
        bars = axes.bar(positions, values, color=PALETTE[0], edgecolor="white", width=0.7)
        axes.set_xticks(positions, _wrapped(frozen.labels))
        axes.tick_params(axis="x", length=0)
        axes.margins(y=0.12)
    _value_axis(axes, frozen, horizontal)
    # The value at the end of each bar: the reader should not have to estimate it.
    value = _formatter(frozen, whole=True)
    axes.bar_label(bars, labels=[value(v) for v in values], padding=3, fontsize=8)
    return figure


def _grouped(frozen: FrozenChart, horizontal: bool) -> Figure:
    """One group per label, one bar per series (the five-year tables: one per period)."""
    count, width_of_group = len(frozen.labels), 0.8
    series = frozen.series
    bar = width_of_group / max(len(series), 1)
    # The newest period (last series) takes the first colour, the app's accent.
    colours = [PALETTE[(len(series) - 1 - i) % len(PALETTE)] for i in range(len(series))]
    height = (0.9 + (0.085 * len(series) + 0.12) * count) if horizontal else 3.6
    figure, axes = _new_figure(height)
    for i, (name, values) in enumerate(series):
        offsets = [k - width_of_group / 2 + bar * (i + 0.5) for k in range(count)]
        if horizontal:
            axes.barh(offsets, values, height=bar, color=colours[i], label=name, edgecolor="white")
        else:
            axes.bar(offsets, values, width=bar, color=colours[i], label=name, edgecolor="white")
    positions = list(range(count))
    if horizontal:
        axes.set_yticks(positions, _wrapped(frozen.labels))
        axes.invert_yaxis()
        axes.tick_params(axis="y", length=0)
    else:
        axes.set_xticks(positions, _wrapped(frozen.labels))
    _value_axis(axes, frozen, horizontal)
    # The legend lists the periods oldest to newest, left to right, above the plot; within a
    # group the bars follow the same order (top to bottom once a horizontal axis is inverted).
    figure.legend(loc="outside upper center", ncols=min(len(series), 6), frameon=False)
    return figure


def _pie(frozen: FrozenChart) -> Figure:
    values = [max(v, 0.0) for v in (frozen.series[0][1] if frozen.series else ())]
    total = sum(values) or 1.0
    shares = [100 * v / total for v in values]
    figure = Figure(figsize=(WIDTH_INCHES, 3.2), layout="constrained")
    axes = figure.add_subplot()
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(values))]
    wedges, _texts = axes.pie(
        values,
        colors=colours,
        startangle=90,
        counterclock=False,
        labels=[format_percent(s, 0, frozen.language) if s >= SMALL_SLICE else "" for s in shares],
        labeldistance=1.12,
        wedgeprops={"edgecolor": "white", "linewidth": 1.5},
        textprops={"color": INK, "fontsize": 9},
    )
    axes.set_aspect("equal")
    axes.legend(
        wedges,
        [
            f"{label} ({format_percent(s, 0, frozen.language)})"
            for label, s in zip(frozen.labels, shares, strict=False)
        ],
        loc="center left",
        bbox_to_anchor=(1.05, 0.5),
        frameon=False,
    )
    return figure


def clear_cache() -> None:
    """Forget drawn charts (tests, or a long-running process after many reports)."""
    with _LOCK:
        _png.cache_clear()
        _svg.cache_clear()
        _figure.cache_clear()
        chart_layout.clear()
