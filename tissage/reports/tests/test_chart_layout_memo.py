"""Chart layouts reused by shape: the same drawing as a fresh constrained layout, without
running the layout engine again when only the values changed."""

import io
import random
import re

import pytest
from matplotlib import rc_context
from matplotlib.layout_engine import ConstrainedLayoutEngine

from tissage.reports import chart_layout, charts
from tissage.reports.document import Chart

AGES = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+", "Inconnu"]
TYPES = [
    "Accompagnement dans une démarche",
    "Référence vers une ressource",
    "Écoute et soutien",
    "Distribution de matériel",
]
PROBLEMS = ["Santé mentale", "Logement", "Consommation"]


def fresh(chart: Chart, language: str, fmt: str = "svg") -> str | bytes:
    """The chart as it was drawn before the memo: a new figure, constrained layout."""
    frozen = charts.FrozenChart.of(chart, language)
    salt = {"svg.hashsalt": f"tissage-{frozen.key}"} if fmt == "svg" else {}
    with charts._LOCK, rc_context({**charts.RC, **salt}):
        figure = charts._figure.__wrapped__(frozen)
        assert isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine)
        if fmt == "png":
            buffer = io.BytesIO()
            figure.savefig(buffer, **charts.PNG_OPTIONS)
            return buffer.getvalue()
        text = io.StringIO()
        figure.savefig(text, **charts.SVG_OPTIONS)
    return charts._inline_svg(text.getvalue(), charts._slug(frozen.key), frozen.title)


def drawn(chart: Chart, language: str = "fr-ca", fmt: str = "svg") -> tuple[str | bytes, bool]:
    """The chart through the app's path (drawing caches emptied, layout memo kept), and
    whether the memo gave its layout."""
    charts._svg.cache_clear()
    charts._png.cache_clear()
    charts._figure.cache_clear()
    hits = chart_layout.stats["hits"]
    output = charts.svg(chart, language) if fmt == "svg" else charts.png(chart, language)
    return output, chart_layout.stats["hits"] > hits


def same_drawing(memo: str, scratch: str) -> None:
    """Identical SVG text, except the clip path's id: matplotlib names it by a hash of the
    unrounded clip rectangle, and two constrained layouts of the same shape differ in the
    last bits of a float (the rectangle itself, as written, is the same)."""

    def numbered(svg: str) -> str:
        ids: dict[str, str] = {}
        return re.sub(r"-p[0-9a-f]{10}\b", lambda m: ids.setdefault(m[0], f"-clip{len(ids)}"), svg)

    assert numbered(memo) == numbered(scratch)


def chart(kind: str, labels: list[str], *series: list[float], unit: str = "") -> Chart:
    names = [f"{20 + i}/{21 + i}" for i in range(len(series))]
    return Chart(f"memo-{kind}", "Memo", kind, labels, list(zip(names, series, strict=True)), unit)


@pytest.fixture(autouse=True)
def empty_memo():
    charts.clear_cache()
    yield
    charts.clear_cache()


# Each pair: the same shape (labels, tick labels, legends) with other values.
SAME_SHAPE = {
    "bar": (
        chart("bar", AGES, [12.0, 18.5, 22.0, 15.0, 11.0, 9.0, 7.5, 5.0], unit="%"),
        chart("bar", AGES, [11.0, 19.5, 21.0, 16.0, 11.5, 8.0, 8.0, 4.0], unit="%"),
    ),
    "barh": (
        chart("bar", TYPES, [812.0, 455.0, 230.0, 17.0]),
        chart("bar", TYPES, [815.0, 450.0, 238.0, 21.0]),
    ),
    "grouped": (
        chart("grouped", ["A", "B", "C"], [42.0, 30.0, 12.0], [45.0, 28.0, 20.0]),
        chart("grouped", ["A", "B", "C"], [41.0, 33.0, 12.0], [46.0, 25.0, 19.0]),
    ),
    "grouped-horizontal": (
        chart("grouped", PROBLEMS, [709.0, 512.0, 98.0], [811.0, 764.0, 130.0], [640, 700, 90]),
        chart("grouped", PROBLEMS, [709.0, 515.0, 99.0], [812.0, 766.0, 131.0], [640, 701, 90]),
    ),
    "pie": (
        chart("pie", ["Femme", "Homme", "Autre"], [50.0, 25.0, 25.0], unit="%"),
        chart("pie", ["Femme", "Homme", "Autre"], [50.2, 24.9, 24.9], unit="%"),
    ),
}


@pytest.mark.parametrize("kind", SAME_SHAPE)
def test_new_values_of_a_known_shape_reuse_its_layout_and_draw_the_same_svg(kind):
    first, second = SAME_SHAPE[kind]
    drawing, reused = drawn(first)
    assert not reused
    same_drawing(drawing, fresh(first, "fr-ca"))
    drawing, reused = drawn(second)
    assert reused
    same_drawing(drawing, fresh(second, "fr-ca"))
    assert drawing != drawn(first)[0]  # the values did change the drawing


def test_the_png_of_a_known_shape_is_the_same_image():
    first, second = SAME_SHAPE["barh"]
    drawn(first, fmt="png")
    image, reused = drawn(second, fmt="png")
    assert reused
    assert image == fresh(second, "fr-ca", "png")


@pytest.mark.parametrize(
    "changed",
    [
        chart("bar", AGES, [12.0, 18.5, 42.0, 15.0, 11.0, 9.0, 7.5, 5.0], unit="%"),  # ticks
        chart("bar", [*AGES[:-1], "?"], [12.0, 18.5, 22.0, 15.0, 11.0, 9.0, 7.5, 5.0], unit="%"),
        chart("pie", ["Femme", "Homme", "Autre"], [60.0, 25.0, 15.0], unit="%"),  # legend
    ],
)
def test_a_chart_whose_labels_or_ticks_change_gets_its_own_layout(changed):
    drawn(SAME_SHAPE["bar"][0])
    drawn(SAME_SHAPE["pie"][0])
    drawing, reused = drawn(changed)
    assert not reused
    same_drawing(drawing, fresh(changed, "fr-ca"))


def test_a_value_label_or_tick_at_the_edge_of_the_plot_is_part_of_the_shape():
    """A tick label at the very end of the value axis sticks out of the plot by an amount
    that depends on the values: the layout then depends on them, and is not reused."""
    at_edge = chart("bar", TYPES, [1340.0, 450.0, 230.0, 17.0])  # 1 500 at 99.9% of the axis
    moved = chart("bar", TYPES, [1345.0, 450.0, 230.0, 17.0])  # and here at 99.6%
    drawn(at_edge)
    drawing, reused = drawn(moved)
    assert not reused
    same_drawing(drawing, fresh(moved, "fr-ca"))


def test_random_values_always_draw_what_a_fresh_layout_draws():
    rng = random.Random(20231)
    shapes = [
        ("bar", AGES, 1, "%", lambda: round(rng.uniform(0, 40), 1)),
        ("bar", TYPES, 1, "", lambda: float(rng.randint(0, 15000))),
        ("grouped", ["A", "B", "C"], 2, "", lambda: float(rng.randint(0, 90))),
        ("grouped", PROBLEMS, 3, "", lambda: float(rng.randint(0, 900))),
        ("pie", ["Femme", "Homme", "Autre"], 1, "%", lambda: rng.choice([20.0, 30.0, 30.1])),
    ]
    reused = 0
    for kind, labels, count, unit, value in shapes:
        for _ in range(8):
            series = [[value() for _ in labels] for _ in range(count)]
            random_chart = chart(kind, labels, *series, unit=unit)
            language = rng.choice(["fr-ca", "en"])
            drawing, hit = drawn(random_chart, language)
            same_drawing(drawing, fresh(random_chart, language))
            reused += hit
    assert reused >= 10  # and the memo did serve


def test_the_same_figure_saved_as_png_then_svg_is_laid_out_as_a_fresh_one():
    first = SAME_SHAPE["pie"][0]
    charts.png(first, "en")
    same_drawing(charts.svg(first, "en"), fresh(first, "en"))


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(chart_layout, "MAX_SHAPES", 2)
    for labels in (["A"], ["A", "B"], ["A", "B", "C"]):
        drawn(chart("bar", labels, [1.0] * len(labels)))
    assert len(chart_layout._MEMO) == 2
