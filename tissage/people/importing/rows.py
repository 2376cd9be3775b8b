"""Reading the cells of one row as what their columns hold, reporting each problem with its
row, column and value. The importers of kinds.py build on this."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext_noop

from tissage.lib.tabular import (
    Cell,
    Problem,
    ValueProblem,
    parse_bool,
    parse_date,
    parse_int,
    split_multi,
)
from tissage.lib.tabular import parse_time as read_time
from tissage.people.importing.columns import Field, fields_of
from tissage.people.importing.errors import ErrorList
from tissage.people.importing.lookups import (
    DIRECTIONS,
    OUTCOMES,
    New,
    Organizations,
    Persons,
    Terms,
    Workers,
    choice,
    key,
)

REQUIRED = gettext_noop("This cell is empty; a value is required.")
TOO_LONG = gettext_noop("This value has %(length)s characters; the limit is %(limit)s.")
ONE_VALUE = gettext_noop("Only one value is allowed in this column; found %(count)s.")
UNKNOWN_TERM = gettext_noop(
    "“%(value)s” is not an entry of the list “%(vocabulary)s”: choose the entry it stands for "
    "or create it in the column mapping."
)
UNKNOWN_PERSON = gettext_noop("No person has the code “%(value)s”: import the persons first.")
UNKNOWN_WORKER = gettext_noop("“%(value)s” is not a user of Tissage and cannot become a user name.")
BAD_DIRECTION = gettext_noop(
    "“%(value)s” is not a direction: write sortante (to an organization) or entrante (from one)."
)
BAD_OUTCOME = gettext_noop("“%(value)s” is not an outcome: write en attente, fait or non joint.")
DUPLICATE_ID = gettext_noop("The identifier “%(value)s” is also on row %(other)s.")
DURATION_UNITS = ("minutes", "minute", "mins", "min", "mn")
TERM_LABEL_LIMIT = 150  # Term.label_fr's length
MAX_UNKNOWN = 200  # distinct unknown values kept per column, to offer for mapping
MEMO_LIMIT = 100_000  # distinct cells whose reading is remembered, per import
_UNREAD = object()


@dataclass
class Context:
    """What every row of one import shares."""

    kind: str
    errors: ErrorList
    columns: dict[str, str]  # field name → header of its column in the file
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    create_missing: bool = False
    user: Any = None


class RowReader:
    """Cell readers: each returns the value, or None after reporting why it cannot."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.errors = context.errors
        self.fields = fields_of(context.kind)
        self.records: list[dict[str, Any]] = []
        self.existing = 0
        self._terms: dict[str, Terms] = {}
        self._persons: Persons | None = None
        self._workers: Workers | None = None
        self._organizations: Organizations | None = None
        self._ids: dict[str, int] = {}
        self._hashes: dict[str, int] = {}
        self._read: dict[Any, Any] = {}  # (column, cell) → value or ValueProblem
        self.unknown: dict[str, dict[str, int]] = {}

    # Reporting

    def problem(self, row: int, name: str, cell: Any, message_id: str, **params: Any) -> None:
        shown = cell.isoformat() if isinstance(cell, date) else str(cell)
        self.errors.add(
            Problem(
                message_id,
                params,
                row=row,
                column=self.context.columns.get(name, name),
                value=shown,
            )
        )

    def _guard(self, row: int, name: str, cell: Cell, reader: Any, *args: Any, **kw: Any) -> Any:
        """The reader's value for the cell, each distinct cell of a column read once (dates,
        durations and times repeat down a column: most of a large import's reading)."""
        memo = (name, cell)
        found = self._read.get(memo, _UNREAD)
        if found is _UNREAD:
            try:
                found = reader(cell, *args, **kw)
            except ValueProblem as problem:
                found = problem
            if len(self._read) < MEMO_LIMIT:
                self._read[memo] = found
        if isinstance(found, ValueProblem):
            self.problem(row, name, cell, found.message_id, **found.params)
            return None
        return found

    # Readers by type

    def present(self, row: int, name: str, cells: dict[str, Cell]) -> bool:
        """Whether the cell holds something; when it does not, say it is required."""
        if cells.get(name, "") == "":
            self.problem(row, name, "", REQUIRED)
            return False
        return True

    def text(self, row: int, name: str, cells: dict[str, Cell]) -> str:
        cell = cells.get(name, "")
        value = cell.isoformat() if isinstance(cell, date) else str(cell)
        limit = self.fields[name].max_length
        if limit and len(value) > limit:
            self.problem(row, name, value, TOO_LONG, length=len(value), limit=limit)
            return ""
        return value

    def date(self, row: int, name: str, cells: dict[str, Cell]) -> date | None:
        cell = cells.get(name, "")
        return None if cell == "" else self._guard(row, name, cell, parse_date)

    def time(self, row: int, name: str, cells: dict[str, Cell]) -> time | None:
        cell = cells.get(name, "")
        return None if cell == "" else self._guard(row, name, cell, read_time)

    def integer(self, row: int, name: str, cells: dict[str, Cell], **limits: Any) -> int | None:
        cell = cells.get(name, "")
        return None if cell == "" else self._guard(row, name, cell, parse_int, **limits)

    def boolean(self, row: int, name: str, cells: dict[str, Cell]) -> bool | None:
        cell = cells.get(name, "")
        return None if cell == "" else self._guard(row, name, cell, parse_bool)

    def many(self, row: int, name: str, cells: dict[str, Cell]) -> list[str]:
        cell = cells.get(name, "")
        return split_multi(cell) if cell != "" else []

    def one(self, row: int, name: str, cells: dict[str, Cell]) -> str:
        values = self.many(row, name, cells)
        if len(values) > 1:
            self.problem(row, name, cells.get(name, ""), ONE_VALUE, count=len(values))
            return ""
        return values[0] if values else ""

    def term(self, row: int, name: str, value: str) -> int | New | None:
        spec: Field = self.fields[name]
        if len(value) > TERM_LABEL_LIMIT:  # longer than any entry can be: not a list value
            self.problem(row, name, value, TOO_LONG, length=len(value), limit=TERM_LABEL_LIMIT)
            return None
        found = self._terms_of(name).resolve(value)
        if found is None:
            seen = self.unknown.setdefault(name, {})
            if value in seen or len(seen) < MAX_UNKNOWN:
                seen[value] = seen.get(value, 0) + 1
            self.problem(row, name, value, UNKNOWN_TERM, value=value, vocabulary=spec.vocabulary)
        return found

    def _terms_of(self, name: str) -> Terms:
        terms = self._terms.get(name)
        if terms is None:
            choices = self.context.values.get(name, {})
            terms = Terms(self.fields[name].vocabulary, choices, self.context.create_missing)
            self._terms[name] = terms
        return terms

    def preload(self) -> None:
        """Read now what the mapped columns will look up (entries, persons, workers,
        organizations), which the readers otherwise read at their first use."""
        for name in self.context.columns:
            kind = self.fields[name].type
            if kind == "term":
                self._terms_of(name)
            elif kind == "person" and self._persons is None:
                self._persons = Persons()
            elif kind == "worker" and self._workers is None:
                self._workers = Workers()
            elif kind == "organization" and self._organizations is None:
                self._organizations = Organizations()

    def terms(self, row: int, name: str, cells: dict[str, Cell]) -> list[int | New] | None:
        cell = cells.get(name, "")
        memo = (name, cell)
        known = self._read.get(memo, _UNREAD)
        if known is not _UNREAD:  # a cell already read without a problem
            return known
        found = [self.term(row, name, value) for value in self.many(row, name, cells)]
        if any(item is None for item in found):
            return None
        result = list(dict.fromkeys(item for item in found if item is not None))
        if len(self._read) < MEMO_LIMIT:
            self._read[memo] = result
        return result

    def single_term(self, row: int, name: str, cells: dict[str, Cell]) -> int | New | None:
        memo = (name, "=", cells.get(name, ""))
        known = self._read.get(memo, _UNREAD)
        if known is not _UNREAD:  # a cell already read without a problem
            return known
        before = self.errors.count
        value = self.one(row, name, cells)
        found = self.term(row, name, value) if value else None
        if self.errors.count == before and len(self._read) < MEMO_LIMIT:
            self._read[memo] = found
        return found

    def person(self, row: int, name: str, code: str, report: bool = True) -> int | None:
        if self._persons is None:
            self._persons = Persons()
        found = self._persons.resolve(code)
        if found is None and report:
            self.problem(row, name, code, UNKNOWN_PERSON, value=code)
        return found

    def worker(self, row: int, name: str, value: str) -> int | New | None:
        if self._workers is None:
            self._workers = Workers()
        found = self._workers.resolve(value)
        if found is None:
            self.problem(row, name, value, UNKNOWN_WORKER, value=value)
        return found

    def organization(self, row: int, name: str, value: str) -> Any:
        if self._organizations is None:
            self._organizations = Organizations()
        return self._organizations.resolve(value)

    def direction(self, row: int, name: str, cells: dict[str, Cell]) -> str | None:
        value = str(cells.get(name, ""))
        found = choice(value, DIRECTIONS)
        if found is None:
            self.problem(row, name, value, BAD_DIRECTION, value=value)
        return found

    def outcome(self, row: int, name: str, cells: dict[str, Cell]) -> str:
        value = str(cells.get(name, ""))
        if not value:
            return "pending"
        found = choice(value, OUTCOMES)
        if found is None:
            self.problem(row, name, value, BAD_OUTCOME, value=value)
        return found or "pending"

    # Identity of an imported row

    def import_key(self, row: int, cells: dict[str, Cell]) -> str | None:
        """kind:identifier when the file has an identifier column; otherwise a hash of the
        row's content, with the rank of identical rows (two identical rows of a file are two
        records) so that importing the same file again finds every row."""
        kind = self.context.kind
        identifier = str(cells.get("id", ""))
        if "id" in self.context.columns and identifier:
            if len(identifier) > self.fields["id"].max_length:
                limit = self.fields["id"].max_length
                self.problem(row, "id", identifier, TOO_LONG, length=len(identifier), limit=limit)
                return None
            other = self._ids.setdefault(key(identifier), row)
            if other != row:
                self.problem(row, "id", identifier, DUPLICATE_ID, value=identifier, other=other)
                return None
            return f"{kind}:{identifier}"
        content = "\x1f".join(
            f"{name}={_normal(self.fields[name], cells.get(name, ''))}"
            for name in sorted(self.context.columns)
            if name != "id"
        )
        digest = hashlib.sha1(content.encode(), usedforsecurity=False).hexdigest()
        rank = self._hashes[digest] = self._hashes.get(digest, 0) + 1
        return f"{kind}:#{digest}:{rank}"

    def resolve_new(self, created: dict[New, Any], items: Iterator[Any]) -> list[Any]:
        return [created[item] if isinstance(item, New) else item for item in items]


def _normal(spec: Field, cell: Cell) -> str:
    """A cell as the row's identity sees it: dates whatever their format, text whatever its case,
    accents or spacing."""
    if spec.type == "date":
        try:
            return parse_date(cell).isoformat()
        except ValueProblem:
            pass
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return key(cell)
