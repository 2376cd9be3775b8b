"""Charts: drawn once, in the report's language, readable, safe to inline."""

import pytest

from tissage.reports import charts
from tissage.reports.document import Chart

PIE = Chart(
    "gender", "Gender", "pie", ["Femme", "Homme", "Autre"], [("Gender", [50.0, 25.0, 25.0])], "%"
)
LONG = Chart(
    "types",
    "Types",
    "bar",
    ["Accompagnement dans une démarche", "Référence"],
    [("Types", [10873.0, 12.0])],
)
GROUPED = Chart(
    "problems",
    "Problems",
    "grouped",
    ["Santé mentale", "Logement"],
    [("22/23", [709.0, 0.0]), ("23/24", [811.0, 764.0])],
)


def contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_every_colour_stands_out_on_white():
    assert all(contrast_with_white(colour) >= 4.5 for colour in charts.PALETTE)
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


def test_a_chart_is_drawn_once_for_png_and_svg():
    charts.clear_cache()
    png = charts.png(PIE, "fr-ca")
    svg = charts.svg(PIE, "fr-ca")
    charts.png(PIE, "fr-ca")
    assert png.startswith(b"\x89PNG")
    assert svg.startswith('<svg role="img" aria-label="Gender"')
    assert charts._figure.cache_info().misses == 1
    charts.svg(PIE, "en")  # another language is another drawing
    assert charts._figure.cache_info().misses == 2


@pytest.mark.parametrize(
    ("language", "share", "big"), [("fr-ca", "50\u00a0%", "10\u00a0873"), ("en", "50%", "10,873")]
)
def test_numbers_follow_the_report_language(language, share, big):
    assert share in charts.svg(PIE, language)
    assert big in charts.svg(LONG, language)


def test_long_labels_turn_bars_horizontal_and_periods_get_a_legend():
    figure = charts._figure(charts.FrozenChart.of(LONG, "en"))
    ticks = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert "Référence" in ticks
    grouped = charts.svg(GROUPED, "en")
    assert "22/23" in grouped and "23/24" in grouped


def test_labels_are_escaped_and_ids_belong_to_their_chart():
    chart = Chart("odd key!", "<b>", "bar", ["<script>x</script>"], [("s", [1.0])])
    svg = charts.svg(chart, "en")
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-label="&lt;b&gt;"' in svg
    assert 'id="figure_1"' not in svg and 'id="odd-key-figure_1"' in svg


def test_a_pie_with_nothing_to_share_or_too_many_slices_becomes_bars():
    empty = Chart("empty", "Empty", "pie", ["Femme", "Homme"], [("Empty", [0.0, 0.0])], "%")
    assert charts.png(empty, "fr-ca").startswith(b"\x89PNG")
    labels = [f"Municipalité {n}" for n in range(12)]
    crowded = Chart("crowded", "Crowded", "pie", labels, [("Crowded", [1.0] * 12)], "%")
    figure = charts._figure(charts.FrozenChart.of(crowded, "fr-ca"))
    assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == labels
