"""Suppression: primary and complementary, checked by solving for the hidden cells."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tissage.extractions import suppression
from tissage.extractions.tests.solver import possible_values, recoverable


def test_one_small_cell_alone_is_protected_by_a_second() -> None:
    grid = suppression.suppress(suppression.one_dimensional([12, 3, 9, 20], 44), 5)
    assert grid.status[(1, 0)] == suppression.PRIMARY
    assert grid.status[(2, 0)] == suppression.COMPLEMENTARY  # the next smallest count
    assert len(grid.status) == 2
    assert suppression.shown(grid, (1, 0), 5) == "< 5"
    assert suppression.shown(grid, (2, 0), 5) == "x"
    assert suppression.shown(grid, (0, 0), 5) == 12
    assert recoverable(grid, 5) == []
    # The outsider knows 3 + 9 = 12 and 1 ≤ a ≤ 4, b ≥ 5: a can be 3 or 4 or… several values.
    assert len(possible_values(grid, 5)[(1, 0)]) > 1


def test_bounds_alone_would_give_away_a_pair() -> None:
    # 1 + 5 = 6: with a in [1, 4] and b ≥ 5, only a = 1 fits; a third cell must be hidden.
    grid = suppression.suppress(suppression.one_dimensional([1, 5, 30, 8], 44), 5)
    assert len(grid.status) == 3
    assert recoverable(grid, 5) == []


def test_a_total_made_of_one_small_cell_is_hidden_too() -> None:
    grid = suppression.suppress(suppression.one_dimensional([3, 0, 0], 3), 5)
    assert grid.hidden_lines == {0}
    assert suppression.shown_line(grid, 0, 5) == "x"
    assert recoverable(grid, 5) == []


def test_no_small_cell_no_suppression() -> None:
    grid = suppression.suppress(suppression.one_dimensional([12, 0, 9, 20], 41), 5)
    assert grid.status == {}
    assert suppression.shown(grid, (1, 0), 5) == 0  # zeros are not small counts


def test_threshold_twenty() -> None:
    grid = suppression.suppress(suppression.one_dimensional([25, 19, 40, 22], 106), 20)
    assert grid.status[(1, 0)] == suppression.PRIMARY
    assert suppression.shown(grid, (1, 0), 20) == "< 20"
    assert recoverable(grid, 20) == []


def test_crosstab_with_margins() -> None:
    values = [[10, 2, 8], [7, 9, 12], [6, 11, 3]]
    grid = suppression.suppress(suppression.crosstab(values), 5)
    assert {(0, 1), (2, 2)} <= set(grid.status)
    for index, (cells, _total) in enumerate(grid.lines):
        if index not in grid.hidden_lines:
            assert sum(1 for cell in cells if cell in grid.status) != 1
    assert recoverable(grid, 5) == []


def test_series_columns() -> None:
    columns = [[10, 3, 8], [9, 7, 12], [6, 11, 2]]
    grid = suppression.suppress(suppression.by_columns(columns, [21, 28, 19]), 5)
    assert recoverable(grid, 5) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 14), min_size=2, max_size=5))
def test_random_columns_leak_nothing(values: list[int]) -> None:
    grid = suppression.suppress(suppression.one_dimensional(values, sum(values)), 5)
    assert all(
        0 < v < 5
        for cell, v in ((c, grid.value(c)) for c in grid.cells())
        if grid.status.get(cell) == suppression.PRIMARY
    )
    assert not any(0 < grid.value(c) < 5 and c not in grid.status for c in grid.cells())
    assert recoverable(grid, 5) == []


@pytest.mark.parametrize("seed", range(12))
def test_random_crosstabs_leak_nothing(seed: int) -> None:
    import random

    rng = random.Random(seed)
    values = [[rng.choice([0, 1, 3, 6, 8, 11]) for _c in range(3)] for _r in range(2 + seed % 2)]
    grid = suppression.suppress(suppression.crosstab(values), 5)
    assert not any(0 < grid.value(c) < 5 and c not in grid.status for c in grid.cells())
    assert recoverable(grid, 5) == []
