"""The import itself, shared by the `tissage import` command and the pages.

Every row is checked and every problem collected; only a file without a single problem
is kept, written in one transaction, in bulk. A dry run takes the same path and rolls back, so
its counts are exact. On PostgreSQL the records are written in batches as they are read,
inside that transaction, which is rolled back when any row has a problem (`_streamed`).
`steps` yields (done, total) as it goes, for progress bars; `run` drives it.
"""

from collections.abc import Callable, Generator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext_noop

from tissage.lib.gcpause import collector_paused
from tissage.lib.tabular import Problem, Table, TabularError, read_table
from tissage.people.importing.columns import KINDS, fields_of
from tissage.people.importing.errors import ErrorList
from tissage.people.importing.kinds import IMPORTERS, Importer
from tissage.people.importing.rows import Context

NO_ROWS = gettext_noop("The file has a header but no rows to import.")
MISSING_COLUMN = gettext_noop("No column of the file is mapped to “%(field)s”, which is required.")
NO_COLUMN = gettext_noop(
    "No column of the file is mapped to a field: choose what each column holds."
)
TWICE = gettext_noop("Two columns are mapped to “%(field)s”: keep one.")
REFUSED = gettext_noop(
    "The database refused the import; nothing was saved. Try again, or ask for help."
)

Progress = Callable[[int, int], None]
STREAM_EVERY = 500  # rows read between two looks at whether a batch can be written


@dataclass
class Options:
    columns: dict[str, str] = field(default_factory=dict)  # header → field name
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → {value: code}
    create_missing: bool = False
    dry_run: bool = False
    validate_only: bool = False  # stop after the checks (the mapping page lists unknown values)
    user: Any = None


@dataclass
class Summary:
    kind: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    existing: int = 0
    workers_created: int = 0
    organizations_created: int = 0
    terms_created: dict[str, list[str]] = field(default_factory=dict)
    unknown: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def finish(self, errors: ErrorList) -> "Summary":
        self.errors = errors.as_dicts()
        self.error_count = errors.count
        if errors:
            self.created = self.workers_created = self.organizations_created = 0
            self.terms_created = {}
        return self


def read(data: bytes, filename: str = "") -> Table:
    """The file's table; a file that cannot be read at all raises TabularError."""
    return read_table(data, filename)


def failed(kind: str, error: TabularError, dry_run: bool = False) -> Summary:
    errors = ErrorList()
    errors.add(error.problem)
    return Summary(kind, dry_run).finish(errors)


def steps(kind: str, table: Table, options: Options) -> Generator[tuple[int, int], None, Summary]:
    with collector_paused():  # the rows' records pile up until written (tissage.lib.gcpause)
        return (yield from _steps(kind, table, options))


def _steps(kind: str, table: Table, options: Options) -> Generator[tuple[int, int], None, Summary]:
    if kind not in KINDS:
        raise ValueError(kind)
    summary = Summary(kind, options.dry_run, rows=len(table.rows))
    errors = ErrorList()
    errors.extend(table.problems)
    before = errors.count
    columns = _columns(kind, table, options.columns, errors)
    if not table.rows:
        errors.add(Problem(NO_ROWS))
    if errors.count > before:
        return summary.finish(errors)
    context = Context(
        kind,
        errors,
        {name: header for header, name in columns.items()},
        options.values,
        options.create_missing,
        options.user,
    )
    importer = IMPORTERS[kind](context)
    if not options.validate_only:
        stream = importer.open_stream()
        if stream is not None:
            return (yield from _streamed(importer, stream, table, columns, options, summary))
    positions = [(name, table.headers.index(header)) for header, name in columns.items()]
    total = 2 * len(table.rows)
    every = max(1, len(table.rows) // 50)
    for count, (number, cells) in enumerate(table.rows):
        importer.parse(number, {name: cells[index] for name, index in positions})
        if count % every == 0:
            yield count, total
    _count_read(importer, summary)
    if errors or options.validate_only:
        return summary.finish(errors)
    try:
        with transaction.atomic():
            yield from _write(importer, options, summary, len(table.rows), total)
    except DatabaseError:
        errors.add(Problem(REFUSED))
    yield total, total
    return summary.finish(errors)


def _streamed(
    importer: Importer,
    stream: AbstractContextManager,
    table: Table,
    columns: dict[str, str],
    options: Options,
    summary: Summary,
) -> Generator[tuple[int, int], None, Summary]:
    """`steps` when the importer writes as it reads (PostgreSQL): the transaction opens before
    the first row is read; records are written in batches while no row has a problem, and
    at the first problem the writing stops and the transaction is rolled back at the end.
    The checks, messages, counts and results are those of the other path."""
    errors = importer.errors
    positions = [(name, table.headers.index(header)) for header, name in columns.items()]
    total = 2 * len(table.rows)
    every = max(1, len(table.rows) // 50)
    try:
        with transaction.atomic():
            with stream:
                for count, (number, cells) in enumerate(table.rows):
                    importer.parse(number, {name: cells[index] for name, index in positions})
                    if count % STREAM_EVERY == 0 and not errors:
                        importer.stream()
                    if count % every == 0:
                        yield count, total
            _count_read(importer, summary)
            if errors:
                transaction.set_rollback(True)
            else:
                yield from _write(importer, options, summary, len(table.rows), total)
    except DatabaseError:
        if not errors:  # with problems in the file, nothing was to be saved anyway
            errors.add(Problem(REFUSED))
    yield total, total
    return summary.finish(errors)


def _count_read(importer: Importer, summary: Summary) -> None:
    summary.unknown = importer.unknown
    summary.existing = importer.existing
    summary.created = len(importer.records)


def _write(
    importer: Importer, options: Options, summary: Summary, read: int, total: int
) -> Generator[tuple[int, int], None, None]:
    """Write the checked records inside the caller's transaction, which a dry run rolls
    back; progress continues after the `read` rows."""
    for written in importer.write():
        yield read + written, total
    summary.workers_created = importer.new_counts["workers"]
    summary.organizations_created = importer.new_counts["organizations"]
    summary.terms_created = importer.new_counts["terms"]
    if options.dry_run:
        transaction.set_rollback(True)
    else:
        _refresh_statistics()


def _columns(kind: str, table: Table, wanted: dict[str, str], errors: ErrorList) -> dict[str, str]:
    """{header: field} for the mapped headers that are in the file; missing required fields and
    fields mapped twice are errors of the header row."""
    known = fields_of(kind)
    columns: dict[str, str] = {}
    used: dict[str, str] = {}
    for header in table.headers:
        name = wanted.get(header, "") if header else ""
        if name not in known:
            continue
        if name in used:
            errors.add(Problem(TWICE, {"field": name}, row=table.header_row, column=header))
            continue
        used[name] = header
        columns[header] = name
    if not columns:
        errors.add(Problem(NO_COLUMN, row=table.header_row))
        return columns
    for name, spec in known.items():
        if spec.required and name not in used:
            errors.add(Problem(MISSING_COLUMN, {"field": name}, row=table.header_row))
    return columns


def run(kind: str, table: Table, options: Options, progress: Progress | None = None) -> Summary:
    walk = steps(kind, table, options)
    while True:
        try:
            done, total = next(walk)
        except StopIteration as stop:
            return stop.value
        if progress is not None:
            progress(done, total)


def run_file(
    kind: str, data: bytes, filename: str, options: Options, progress: Progress | None = None
) -> Summary:
    try:
        table = read(data, filename)
    except TabularError as error:
        return failed(kind, error, options.dry_run)
    return run(kind, table, options, progress)


def _refresh_statistics() -> None:
    """After a bulk import, PostgreSQL's planner still believes the tables are small and
    picks nested loops that take minutes on the first report; ANALYZE fixes its estimates."""
    if connection.vendor != "postgresql":
        return
    tables = [
        "people_person",
        "people_intervention",
        "people_intervention_persons",
        "people_intervention_types",
        "people_intervention_problems",
        "people_intervention_workers",
        "people_referral",
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables))
