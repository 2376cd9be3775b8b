"""An outsider's attack on a published table, by brute force: every assignment of the hidden
cells consistent with what is published (shown counts, shown totals, the “< t” and “x” rules)."""

from tissage.extractions import suppression


def possible_values(grid: suppression.Grid, threshold: int) -> dict[tuple[int, int], set[int]]:
    hidden = sorted(grid.status)
    published = []
    for index, (cells, total) in enumerate(grid.lines):
        if index not in grid.hidden_lines:
            unknown = [cell for cell in cells if cell in grid.status]
            rest = total - sum(grid.value(cell) for cell in cells if cell not in grid.status)
            published.append((unknown, rest))
    domains = {}
    for cell in hidden:
        caps = [rest for unknown, rest in published if cell in unknown]
        cap = min(caps) if caps else threshold + 50  # in no published sum: anything goes
        if grid.status[cell] == suppression.PRIMARY:
            domains[cell] = range(1, threshold)
        else:
            domains[cell] = range(threshold, max(threshold, cap) + 1)
    found: dict[tuple[int, int], set[int]] = {cell: set() for cell in hidden}
    values: dict[tuple[int, int], int] = {}

    def consistent() -> bool:
        for unknown, rest in published:
            low = high = 0
            for cell in unknown:
                if cell in values:
                    low += values[cell]
                    high += values[cell]
                else:
                    low += domains[cell].start
                    high += domains[cell].stop - 1
            if not low <= rest <= high:
                return False
        return True

    def search(position: int) -> None:
        if position == len(hidden):
            for cell, value in values.items():
                found[cell].add(value)
            return
        cell = hidden[position]
        for value in domains[cell]:
            values[cell] = value
            if consistent():
                search(position + 1)
        del values[cell]

    search(0)
    return found


def recoverable(grid: suppression.Grid, threshold: int) -> list[tuple[int, int]]:
    """Hidden cells whose value the published table pins down."""
    return [cell for cell, values in possible_values(grid, threshold).items() if len(values) < 2]
