"""Statistical disclosure control for extracted tables: primary and complementary suppression.

A table is a grid of counts with published sums ("lines"): the total of a one-dimensional
table, the totals of each column of a series, the row and column margins of a crosstab.
Primary suppression hides every count between 1 and threshold - 1 (shown "< threshold").
Complementary suppression then hides more counts (shown "x") until no hidden count can be
worked out from the published sums, even by someone who knows the rule (a primary cell lies in
[1, threshold - 1], a complementary cell is at least the threshold).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

PRIMARY = "primary"
COMPLEMENTARY = "complementary"


@dataclass
class Grid:
    """Counts by (row, column); `lines` lists the cells whose sum is published, with that sum."""

    values: list[list[int]]
    lines: list[tuple[list[tuple[int, int]], int]] = field(default_factory=list)
    status: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_lines: set[int] = field(default_factory=set)  # sums that had to be suppressed too

    def cells(self) -> list[tuple[int, int]]:
        return [(r, c) for r, row in enumerate(self.values) for c in range(len(row))]

    def value(self, cell: tuple[int, int]) -> int:
        return self.values[cell[0]][cell[1]]


def one_dimensional(values: Sequence[int], total: int | None) -> Grid:
    """A column of counts; `total` when it is published."""
    grid = Grid([[int(v)] for v in values])
    if total is not None:
        grid.lines.append(([(r, 0) for r in range(len(values))], int(total)))
    return grid


def by_columns(columns: Sequence[Sequence[int]], totals: Sequence[int]) -> Grid:
    """A series: rows × periods, each period's total published (no row margins)."""
    width = len(columns)
    height = len(columns[0]) if columns else 0
    grid = Grid([[int(columns[c][r]) for c in range(width)] for r in range(height)])
    for c in range(width):
        grid.lines.append(([(r, c) for r in range(height)], int(totals[c])))
    return grid


def crosstab(values: Sequence[Sequence[int]]) -> Grid:
    """A crosstab with its row margins, column margins and grand total published."""
    grid = Grid([[int(v) for v in row] for row in values])
    height, width = len(values), len(values[0]) if values else 0
    for r in range(height):
        grid.lines.append(([(r, c) for c in range(width)], sum(grid.values[r])))
    for c in range(width):
        grid.lines.append(([(r, c) for r in range(height)], sum(row[c] for row in grid.values)))
    grid.lines.append((grid.cells(), sum(map(sum, grid.values))))
    return grid


def bounds(grid: Grid, cell: tuple[int, int], threshold: int, cap: int) -> tuple[int, int]:
    """What an outsider knows of a hidden cell before solving anything."""
    if grid.status.get(cell) == PRIMARY:
        return 1, threshold - 1
    return threshold, max(threshold, cap)


def _line_intervals_leak(grid: Grid, threshold: int) -> tuple[int, tuple[int, int]] | None:
    """A line where interval reasoning pins a hidden cell: (line index, cell) or None."""
    for index, (cells, total) in enumerate(grid.lines):
        if index in grid.hidden_lines:
            continue
        hidden = [cell for cell in cells if cell in grid.status]
        if not hidden:
            continue
        rest = total - sum(grid.value(cell) for cell in cells if cell not in grid.status)
        ranges = {cell: bounds(grid, cell, threshold, rest) for cell in hidden}
        for cell in hidden:
            low, high = ranges[cell]
            others_low = sum(ranges[o][0] for o in hidden if o != cell)
            others_high = sum(ranges[o][1] for o in hidden if o != cell)
            if min(high, rest - others_low) <= max(low, rest - others_high):
                return index, cell
    return None


def _linear_leak(grid: Grid) -> tuple[int, int] | None:
    """A hidden cell that the published sums determine exactly (linear algebra), or None."""
    hidden = sorted(grid.status)
    if not hidden:
        return None
    column = {cell: i for i, cell in enumerate(hidden)}
    rows = []
    for index, (cells, _total) in enumerate(grid.lines):
        if index in grid.hidden_lines:
            continue
        row = np.zeros(len(hidden))
        for cell in cells:
            if cell in column:
                row[column[cell]] = 1
        if row.any():
            rows.append(row)
    if not rows:
        return None
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    for cell, i in column.items():
        unit = np.zeros(len(hidden))
        unit[i] = 1
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            return cell
    return None


class _Budget(Exception):
    pass


def _exact_leak(grid: Grid, threshold: int, budget: int = 200_000) -> tuple[int, int] | None:
    """A hidden cell with one possible value once integers, the "< t" and "x" rules and every
    published sum are combined (a bounded search; None when none, or when the table is too big
    to search, the cheaper checks having passed)."""
    hidden = sorted(grid.status)
    published = []
    for index, (cells, total) in enumerate(grid.lines):
        if index not in grid.hidden_lines:
            unknown = [cell for cell in cells if cell in grid.status]
            if unknown:
                known = sum(grid.value(cell) for cell in cells if cell not in grid.status)
                published.append((unknown, total - known))
    domains = {}
    for cell in hidden:
        caps = [rest for unknown, rest in published if cell in unknown]
        if grid.status[cell] == PRIMARY:
            domains[cell] = (1, threshold - 1)
        else:
            domains[cell] = (threshold, max([threshold, *caps]) if caps else threshold + 1)
    seen: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden}
    values: dict[tuple[int, int], int] = {}
    steps = [0]

    def consistent() -> bool:
        for unknown, rest in published:
            low = sum(values[c] if c in values else domains[c][0] for c in unknown)
            high = sum(values[c] if c in values else domains[c][1] for c in unknown)
            if not low <= rest <= high:
                return False
        return True

    def search(position: int) -> None:
        if all(len(found) > 1 for found in seen.values()):
            return  # already every hidden cell has two possible values
        if position == len(hidden):
            for cell, value in values.items():
                seen[cell].add(value)
            return
        cell = hidden[position]
        low, high = domains[cell]
        for value in range(low, high + 1):
            steps[0] += 1
            if steps[0] > budget:
                raise _Budget
            values[cell] = value
            if consistent():
                search(position + 1)
        del values[cell]

    try:
        search(0)
    except _Budget:
        return None
    for cell in hidden:
        if len(seen[cell]) < 2:
            return cell
    return None


def _lines_of(grid: Grid, cell: tuple[int, int]) -> list[int]:
    return [i for i, (cells, _t) in enumerate(grid.lines) if cell in cells]


def _protect(grid: Grid, cell: tuple[int, int], line: int | None = None) -> None:
    """Hide one more count next to `cell`: the smallest non-zero shown count of its lines
    (of `line` only when the leak comes from that one)."""
    lines = [line] if line is not None else _lines_of(grid, cell)
    candidates = []
    for index in lines:
        if index in grid.hidden_lines:
            continue
        for other in grid.lines[index][0]:
            if other not in grid.status and grid.value(other) > 0:
                candidates.append((grid.value(other), other))
    if candidates:
        grid.status[min(candidates)[1]] = COMPLEMENTARY
        return
    # Nothing left to hide beside it: the sums themselves would give it away, so hide them.
    grid.hidden_lines.update(lines)


def suppress(grid: Grid, threshold: int) -> Grid:
    """Apply primary then complementary suppression, in place; returns the grid."""
    for cell in grid.cells():
        if 0 < grid.value(cell) < threshold:
            grid.status[cell] = PRIMARY
    for _round in range(4 * len(grid.cells()) + 4):
        leak = _line_intervals_leak(grid, threshold)
        if leak is not None:
            _protect(grid, leak[1], leak[0])
            continue
        cell = _linear_leak(grid) or _exact_leak(grid, threshold)
        if cell is None:
            return grid
        _protect(grid, cell)
    return grid


def shown(grid: Grid, cell: tuple[int, int], threshold: int) -> str | int:
    """The published form of a cell."""
    status = grid.status.get(cell)
    if status == PRIMARY:
        return f"< {threshold}"
    if status == COMPLEMENTARY:
        return "x"
    return grid.value(cell)


def shown_line(grid: Grid, index: int, threshold: int) -> str | int:
    if index in grid.hidden_lines:
        return "x"
    return grid.lines[index][1]
