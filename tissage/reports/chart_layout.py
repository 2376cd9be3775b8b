"""Constrained layout, computed once per chart shape and reused when only the values change.

Matplotlib's constrained layout measures every text around the plot (tick labels, legends,
value labels), places the axes so that nothing is cut, then draws the figure a second time:
most of a chart's drawing time. The report's charts change values far more often than shape
(a worker saves an intervention, a count moves by one), and the layout of a shape is the same
whatever its values, except when a value-dependent text reaches the edge of the plot.

So `savefig` splits what decides the layout in two:

- the shape (`_shape_key`): output format and resolution, figure size, the chart's structure,
  the tick labels each axis shows, every legend's texts, and the font, alignment and number of
  the other texts (value labels, pie percentages);
- the edge (`_edge_key`): every text whose position depends on the values and that could come
  within reach of the plot's edge (its size measured with slack, the plot at the smallest size
  the layout can give it) is kept with its exact text and position. A text that stays inside
  the plot, wherever the layout puts the plot, cannot change the layout.

A known (shape, edge) pair sets the recorded axes positions and saves without a layout engine;
an unknown one runs constrained layout from the default position, exactly as a fresh figure
would, and records where the axes went. Tests compare both ways SVG for SVG.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox, _interval_contains_close

MAX_SHAPES = 256  # shapes remembered by the process (a report has a dozen)
MAX_EDGES = 16  # edge variants remembered per shape
SHRINK = 0.9  # the plot may shrink by 10% for a variant whose edge texts need more room
WIDTH_SLACK, HEIGHT_EM, PAD = 1.1, 1.5, 1.5  # generous text extents, in points
DIGITS = 9  # positions in the key: 1e-9 of the plot, far below what SVG writes

Bounds = tuple[float, float, float, float]


@dataclass
class _Shape:
    smallest: tuple[float, float]  # the plot's smallest width and height (points) checked
    variants: OrderedDict[tuple[Any, ...], tuple[Bounds, ...]] = field(default_factory=OrderedDict)


_MEMO: OrderedDict[tuple[Any, ...], _Shape] = OrderedDict()
_TEXT = TextToPath()
stats = {"hits": 0, "misses": 0}


def savefig(figure: Figure, target: IO[Any], structure: tuple[Any, ...], **options: Any) -> bool:
    """Save `figure` like `figure.savefig(target, **options)` under constrained layout (pass
    `format` and, for raster formats, `dpi`). `structure` is what the caller knows of the
    chart's shape beyond its artists. Returns True when a recorded layout was reused.
    Not thread-safe: call under the caller's matplotlib lock."""
    shape_key = _shape_key(figure, structure, options)
    shape = _MEMO.get(shape_key)
    positions = shape.variants.get(_edge_key(figure, shape.smallest)) if shape else None
    if positions is not None and len(positions) == len(figure.axes):
        _MEMO.move_to_end(shape_key)
        figure.set_layout_engine("none")
        for axes, bounds in zip(figure.axes, positions, strict=True):
            _place(axes, bounds)
        figure.savefig(target, **options)
        stats["hits"] += 1
        return True
    for axes in figure.axes:  # where a fresh figure starts, so the result does not depend
        spec = axes.get_subplotspec()  # on an earlier save of the same figure
        if spec is not None:
            _place(axes, spec.get_position(figure).bounds)
    figure.set_layout_engine("constrained")
    figure.savefig(target, **options)
    stats["misses"] += 1
    _record(figure, shape_key, shape)
    return False


def clear() -> None:
    _MEMO.clear()
    stats.update(hits=0, misses=0)


def _place(axes: Axes, bounds: Bounds) -> None:
    axes._set_position(Bbox.from_bounds(*bounds))  # stays in the layout, like the engine does


def _record(figure: Figure, shape_key: tuple[Any, ...], shape: _Shape | None) -> None:
    if not figure.axes:
        return
    width, height = _points(figure)
    positions = tuple(tuple(axes.get_position(original=True).bounds) for axes in figure.axes)
    sizes = [(w * width, h * height) for (_x, _y, w, h) in positions]
    if shape is None:
        defaults = [
            (b.width * width, b.height * height)
            for axes in figure.axes
            if (spec := axes.get_subplotspec()) is not None
            for b in [spec.get_position(figure)]
        ]
        smallest = (
            SHRINK * min(w for w, _ in sizes + defaults),
            SHRINK * min(h for _, h in sizes + defaults),
        )
        shape = _MEMO[shape_key] = _Shape(smallest)
        while len(_MEMO) > MAX_SHAPES:
            _MEMO.popitem(last=False)
    # The edge check assumed the plot never smaller than `smallest`: a variant whose own
    # layout shrank it further is not reusable.
    if any(w < shape.smallest[0] or h < shape.smallest[1] for w, h in sizes):
        return
    shape.variants[_edge_key(figure, shape.smallest)] = positions
    while len(shape.variants) > MAX_EDGES:
        shape.variants.popitem(last=False)


def _points(figure: Figure) -> tuple[float, float]:
    width, height = figure.get_size_inches()
    return float(width) * 72, float(height) * 72


# --- The shape -------------------------------------------------------------------------------


def _shape_key(figure: Figure, structure: tuple[Any, ...], options: dict[str, Any]) -> tuple:
    return (
        options.get("format"),
        options.get("dpi"),
        _points(figure),
        structure,
        tuple(_legend(legend) for legend in figure.legends),
        tuple(_axes_shape(axes) for axes in figure.axes),
    )


def _axes_shape(axes: Axes) -> tuple[Any, ...]:
    legend = axes.get_legend()
    return (
        axes.get_aspect(),
        axes.get_adjustable(),
        str(axes.get_anchor()),
        tuple(text for _position, text in _ticks(axes.xaxis)),
        tuple(text for _position, text in _ticks(axes.yaxis)),
        _legend(legend) if legend is not None else None,
        tuple(
            (type(t).__name__, t.get_fontproperties(), t.get_ha(), t.get_va(), t.get_rotation())
            for t in axes.texts
        ),
        axes.get_title(),
        axes.get_xlabel(),
        axes.get_ylabel(),
    )


def _legend(legend: Legend) -> tuple[Any, ...]:
    return (
        tuple(text.get_text() for text in legend.get_texts()),
        legend._loc,
        legend._outside_loc,
        legend._ncols,
    )


def _ticks(axis: Axis) -> list[tuple[float, str]]:
    """The ticks the axis will draw, as fractions of the axis (0 at its start) and labels,
    computed the way `Axis._update_ticks` does, without creating a tick."""
    low, high = axis.get_view_interval()
    ends = axis.get_transform().transform([min(low, high), max(low, high)])
    span = float(ends[1] - ends[0]) or 1.0
    shown = []
    for locator, formatter in (
        (axis.get_major_locator(), axis.get_major_formatter()),
        (axis.get_minor_locator(), axis.get_minor_formatter()),
    ):
        locations = list(locator())
        labels = formatter.format_ticks(locations)
        for location, label in zip(locations, labels, strict=False):
            at = axis.get_transform().transform(location)
            if _interval_contains_close(ends, at):
                shown.append((float(at - ends[0]) / span, label))
    return shown


# --- The edge --------------------------------------------------------------------------------


def _edge_key(figure: Figure, smallest: tuple[float, float]) -> tuple[Any, ...]:
    largest = _points(figure)
    boxes = _sizes(smallest, largest)
    key: list[Any] = []
    for index, axes in enumerate(figure.axes):
        axes.get_xlim(), axes.get_ylim()  # autoscale now: `transLimits` reads the limits as is
        for name, axis, length in (("x", axes.xaxis, 0), ("y", axes.yaxis, 1)):
            for at, label in _ticks(axis):
                if _tick_near_edge(axis, at, label, min(box[length] for box in boxes)):
                    key.append((index, name, label, round(at, DIGITS)))
        for number, text in enumerate(axes.texts):
            if text.get_text() and not all(_inside(axes, text, box) for box in boxes):
                key.append((index, number, text.get_text(), *_anchor(axes, text)))
    return tuple(key)


def _sizes(
    smallest: tuple[float, float], largest: tuple[float, float]
) -> list[tuple[float, float]]:
    """Plot sizes at which a text's room is smallest: the corners of the possible sizes and,
    for square plots (pies), where width and height meet."""
    widths, heights = (smallest[0], largest[0]), (smallest[1], largest[1])
    sizes = [(w, h) for w in widths for h in heights]
    sizes += [(s, s) for s in (*widths, *heights) if widths[0] <= s <= widths[1]]
    return [(w, h) for w, h in sizes if heights[0] <= h <= heights[1]]


def _tick_near_edge(axis: Axis, at: float, label: str, length: float) -> bool:
    """Could this tick label stick out of the plot along its axis?"""
    size = mpl.rcParams[f"{axis.axis_name}tick.labelsize"]
    properties = _font(size, tuple(mpl.rcParams["font.family"]))
    lines = label.split("\n")
    if axis.axis_name == "x":
        half = max(_measure(line, properties)[0] for line in lines) / 2
    else:
        half = len(lines) * (HEIGHT_EM * properties.get_size_in_points() + PAD) / 2
    return min(at, 1 - at) * length < half + PAD


@lru_cache(maxsize=16)
def _font(size: str | float, family: tuple[str, ...]) -> FontProperties:
    return FontProperties(family=list(family), size=size)


@lru_cache(maxsize=4096)
def _measure(text: str, properties: FontProperties) -> tuple[float, float]:
    """A text's width and height in points, generously rounded up."""
    width, height, _descent = _TEXT.get_text_width_height_descent(text, properties, False)
    size = properties.get_size_in_points()
    return width * WIDTH_SLACK + PAD, max(height, HEIGHT_EM * size) + PAD


def _anchor(axes: Axes, text: Text) -> tuple[Any, ...]:
    """Where a text is attached: a fraction of the data box and an offset in points; None
    when it is attached some other way (then it counts as being at the edge)."""
    if isinstance(text, Annotation):
        if text.xycoords != "data" or text.anncoords != "offset points":
            return (None,)
        point, offset = text.xy, tuple(float(v) for v in text.xyann)
    elif text.get_transform() is axes.transData:
        point, offset = text.get_position(), (0.0, 0.0)
    else:
        return (None,)
    fraction = (axes.transScale + axes.transLimits).transform(point)
    return (round(float(fraction[0]), DIGITS), round(float(fraction[1]), DIGITS), offset)


def _inside(axes: Axes, text: Text, size: tuple[float, float]) -> bool:
    """Does `text` stay inside a plot `size` points large (its data box placed in it as the
    axes' aspect and anchor would)?"""
    anchor = _anchor(axes, text)
    content, ismath = text._preprocess_math(text.get_text())
    if anchor[0] is None or ismath or "\n" in content or text.get_rotation() != 0:
        return False
    fx, fy, (dx, dy) = anchor
    width, height = size
    box = _data_box(axes, width, height)
    if box is None:
        return False
    x = box[0] + fx * box[2] + dx
    y = box[1] + fy * box[3] + dy
    w, h = _measure(content, text.get_fontproperties())
    left = {"left": x, "right": x - w}.get(text.get_ha(), x - w / 2)
    bottom = {"bottom": y, "top": y - h, "center": y - h / 2}.get(text.get_va(), y - h)
    top = bottom + (h if text.get_va() in ("bottom", "top", "center") else 2 * h)
    return left >= 0 and left + w <= width and bottom >= 0 and top <= height


def _data_box(axes: Axes, width: float, height: float) -> Bounds | None:
    """The active box inside the axes' slot: all of it, or the centred box of a fixed
    aspect (the pie's circle)."""
    aspect = axes.get_aspect()
    if aspect == "auto":
        return (0.0, 0.0, width, height)
    if axes.get_adjustable() != "box" or str(axes.get_anchor()) != "C":
        return None
    x0, x1 = axes.get_xbound()
    y0, y1 = axes.get_ybound()
    ratio = float(aspect) * abs(y1 - y0) / abs(x1 - x0)
    w, h = (width, width * ratio) if height / width > ratio else (height / ratio, height)
    return ((width - w) / 2, (height - h) / 2, w, h)
