"""Importing group activities from a spreadsheet: one row is one session (or a one-time
activity) with its date, kind, title and number of participants.

The guarantees are those of the people import: every row is checked first and every problem
collected with its row and column; only a file without a single problem is written, in one
transaction; a dry run takes the same path and rolls back, so its counts are exact; importing
the same file twice creates nothing the second time. Rows with the same kind and title form
one activity (a series): "UMIC – La Ruche" held 207 times is one activity with 207 sessions.
"""

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, time
from typing import Any

from django.db import DatabaseError, transaction
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tissage.activities.models import Activity, Registration, Session
from tissage.directory.models import Organization
from tissage.lib.tabular import (
    Problem,
    TabularError,
    ValueProblem,
    excerpt,
    parse_date,
    parse_int,
    parse_time,
    read_table,
    split_multi,
    write_csv,
)
from tissage.lib.text import match_key
from tissage.vocabularies.models import Term, Vocabulary

MAX_ERRORS = 1000
MAX_PEOPLE = 100_000  # participants of one session: beyond, a typo


@dataclass(frozen=True)
class Column:
    name: str
    label: Promise
    required: bool
    headers: tuple[str, ...]  # what French (and English) spreadsheets call it


COLUMNS = (
    Column("date", gettext_lazy("Date"), True, ("date", "jour", "date de l'activite")),
    Column(
        "kind",
        gettext_lazy("Kind of activity"),
        True,
        ("type", "type d'activite", "genre", "categorie", "sorte", "kind"),
    ),
    Column("title", gettext_lazy("Title"), True, ("titre", "activite", "nom", "title")),
    Column(
        "participants",
        gettext_lazy("Participants"),
        False,
        ("participants", "nombre de participants", "nb participants", "presences", "presents"),
    ),
    Column(
        "eligible",
        gettext_lazy("Eligible participants"),
        False,
        ("admissibles", "participants admissibles", "eligibles", "eligible"),
    ),
    Column(
        "registered",
        gettext_lazy("Registrations"),
        False,
        ("inscriptions", "inscrits", "nombre d'inscriptions", "registrations"),
    ),
    Column("place", gettext_lazy("Place"), False, ("lieu", "endroit", "place")),
    Column(
        "partners",
        gettext_lazy("Partners"),
        False,
        ("partenaire", "partenaires", "organisme partenaire", "organismes partenaires", "partners"),
    ),
    Column("project", gettext_lazy("Project"), False, ("projet", "project", "programme")),
    Column("start_time", gettext_lazy("Start"), False, ("heure", "heure de debut", "debut")),
    Column(
        "municipality",
        gettext_lazy("Municipality"),
        False,
        ("municipalite", "ville", "secteur", "municipality"),
    ),
)
BY_NAME = {column.name: column for column in COLUMNS}
_BY_HEADER = {match_key(header): column.name for column in COLUMNS for header in column.headers}

MISSING = N_("The file has no “%(field)s” column, which is required (for example “%(header)s”).")
TWICE = N_("Two columns hold “%(field)s”: keep one.")
NO_ROWS = N_("The file has a header but no rows to import.")
EMPTY = N_("This cell is empty; it is required.")
UNKNOWN = N_("“%(value)s” is not an entry of “%(vocabulary)s”. Known entries: %(known)s.")
TOO_LONG = N_("This text has %(length)s characters; the limit is %(limit)s.")
TOO_MANY_ELIGIBLE = N_(
    "More eligible participants (%(eligible)s) than participants (%(participants)s)."
)
REFUSED = N_("The database refused the import; nothing was saved. Try again, or ask for help.")


@dataclass
class Summary:
    dry_run: bool = False
    rows: int = 0
    activities_created: int = 0
    sessions_created: int = 0
    existing: int = 0  # rows imported before (same file, or the same rows in another file)
    organizations_created: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add(self, problem: Problem) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(
                {
                    "row": problem.row,
                    "column": problem.column,
                    "value": excerpt(problem.value, 200),
                    "message_id": problem.message_id,
                    "params": {k: _plain(v) for k, v in problem.params.items()},
                }
            )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float) or value is None else excerpt(value, 200)


@dataclass
class Row:
    number: int
    date: date
    kind: Term
    title: str
    participants: int = 0
    eligible: int = 0
    registered: int = 0
    place: str = ""
    partners: list[str] = field(default_factory=list)
    project: str = ""
    start_time: time | None = None
    municipality: Term | None = None


class _Vocabulary:
    """The entries of a vocabulary by every name they go by: labels, code, former labels."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.by_key: dict[str, Term] = {}
        for term in Term.objects.of(code).select_related("merged_into"):
            for name in (term.label_fr, term.label_en, term.code, *term.aliases):
                self.by_key.setdefault(match_key(name), term.canonical())
        self.known = ", ".join(
            term.label_fr for term in Term.objects.active().of(code).order_by("order")
        )

    def find(self, value: str) -> Term:
        term = self.by_key.get(match_key(value))
        if term is None:
            raise ValueProblem(
                UNKNOWN, {"value": excerpt(value), "vocabulary": self.code, "known": self.known}
            )
        return term


def run_file(data: bytes, filename: str, *, dry_run: bool = False, user: Any = None) -> Summary:
    """Check the file, then (when it has no problem) write it; see the module's docstring."""
    summary = Summary(dry_run=dry_run)
    try:
        table = read_table(data, filename)
    except TabularError as error:
        summary.add(error.problem)
        return summary
    for problem in table.problems:
        summary.add(problem)
    columns = _columns(table.headers, table.header_row, summary)
    summary.rows = len(table.rows)
    if not table.rows:
        summary.add(Problem(NO_ROWS))
    if not summary.ok:
        return summary
    parsed = _parse(table.rows, columns, table.headers, summary)
    if not summary.ok:
        return summary
    try:
        with transaction.atomic():
            _write(parsed, summary, user)
            if dry_run:
                transaction.set_rollback(True)
    except DatabaseError:
        summary.add(Problem(REFUSED))
    if not summary.ok:
        summary.activities_created = summary.sessions_created = 0
        summary.organizations_created = 0
    return summary


def _columns(headers: list[str], header_row: int, summary: Summary) -> dict[str, int]:
    """{field: index of its column}; a required field without a column is an error of the
    header row, and a column nobody recognizes is listed as not imported."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = _BY_HEADER.get(match_key(header)) if header else None
        if name is None:
            if header:
                summary.ignored_columns.append(header)
            continue
        if name in found:
            summary.add(Problem(TWICE, {"field": name}, row=header_row, column=header))
            continue
        found[name] = index
    for column in COLUMNS:
        if column.required and column.name not in found:
            params = {"field": column.name, "header": column.headers[0]}
            summary.add(Problem(MISSING, params, row=header_row))
    return found


class _Cells:
    """One row's cells by field; reading one records its problem with row and column."""

    def __init__(
        self, number: int, cells: list[Any], columns: dict[str, int], headers: list[str]
    ) -> None:
        self.number = number
        self.values = {name: cells[index] for name, index in columns.items()}
        self.columns = columns
        self.headers = headers

    def header(self, name: str) -> str:
        """The column as the file names it."""
        if name in self.columns:
            return self.headers[self.columns[name]]
        return str(BY_NAME[name].label)

    def read(
        self, summary: Summary, name: str, reader: Any, default: Any = None, required: bool = False
    ) -> Any:
        value = self.values.get(name, "")
        if value in ("", None):
            if required:
                summary.add(Problem(EMPTY, row=self.number, column=self.header(name)))
            return default
        try:
            return reader(value)
        except ValueProblem as problem:
            where = {"row": self.number, "column": self.header(name), "value": str(value)}
            summary.add(Problem(problem.message_id, problem.params, **where))
            return default


def _people(value: Any) -> int:
    return parse_int(value, minimum=0, maximum=MAX_PEOPLE)


def _parse(
    rows: list[tuple[int, list[Any]]], columns: dict[str, int], headers: list[str], summary: Summary
) -> list[Row]:
    kinds = _Vocabulary("activity_kind")
    towns = _Vocabulary("municipality") if "municipality" in columns else None
    parsed: list[Row] = []
    for number, values in rows:
        cells = _Cells(number, values, columns, headers)
        before = summary.error_count
        row = Row(
            number,
            cells.read(summary, "date", parse_date, required=True),
            cells.read(summary, "kind", lambda v: kinds.find(str(v)), required=True),
            cells.read(summary, "title", lambda v: _text(v, 200), "", required=True),
            cells.read(summary, "participants", _people, 0),
            cells.read(summary, "eligible", _people, 0),
            cells.read(summary, "registered", _people, 0),
            cells.read(summary, "place", lambda v: _text(v, 200), ""),
            cells.read(summary, "partners", lambda v: [_text(p, 250) for p in split_multi(v)], []),
            cells.read(summary, "project", lambda v: _text(v, 150), ""),
            cells.read(summary, "start_time", parse_time),
            cells.read(summary, "municipality", lambda v: towns.find(str(v)) if towns else None),
        )
        if row.eligible > row.participants:
            params = {"eligible": row.eligible, "participants": row.participants}
            where = {"row": number, "column": cells.header("eligible"), "value": str(row.eligible)}
            summary.add(Problem(TOO_MANY_ELIGIBLE, params, **where))
        if summary.error_count == before:
            parsed.append(row)
    return parsed


def _text(value: Any, limit: int) -> str:
    text = " ".join(str(value).split())
    if len(text) > limit:
        raise ValueProblem(TOO_LONG, {"length": len(text), "limit": limit})
    return text


def _keys(rows: list[Row]) -> list[str]:
    """An identity for each row from what it says; identical rows of a file (two sessions
    the same day with the same count) are told apart by their rank among themselves."""
    seen: Counter[tuple[Any, ...]] = Counter()
    keys = []
    for row in rows:
        content = (row.date.isoformat(), row.kind.code, match_key(row.title), row.participants)
        seen[content] += 1
        text = "|".join(str(part) for part in (*content, seen[content]))
        keys.append("act:" + hashlib.sha256(text.encode()).hexdigest()[:40])
    return keys


def _write(rows: list[Row], summary: Summary, user: Any) -> None:
    keys = _keys(rows)
    existing = set(Session.objects.filter(import_key__in=keys).values_list("import_key", flat=True))
    summary.existing = len(existing)
    new = [(row, key) for row, key in zip(rows, keys, strict=True) if key not in existing]
    activities: dict[tuple[int, str], Activity] = {}
    organizations = _Organizations()
    sessions: list[Session] = []
    registered: list[tuple[Session, int]] = []
    for row, key in new:
        group = (row.kind.pk, match_key(row.title))
        activity = activities.get(group)
        if activity is None:
            activity = Activity.objects.filter(kind=row.kind, title_key=group[1]).first()
            if activity is None:
                activity = Activity.objects.create(
                    title=row.title,
                    kind=row.kind,
                    project=row.project,
                    place=row.place,
                    municipality=row.municipality,
                    created_by=user,
                )
                summary.activities_created += 1
            activities[group] = activity
        if row.partners:
            activity.partners.add(*[organizations.get(name) for name in row.partners])
        session = Session(
            activity=activity,
            date=row.date,
            start_time=row.start_time,
            place=row.place if row.place != activity.place else "",
            anonymous_count=row.participants,
            anonymous_eligible=row.eligible,
            participants=row.participants,
            eligible=row.eligible,
            import_key=key,
        )
        sessions.append(session)
        if row.registered:
            registered.append((session, row.registered))
    Session.objects.bulk_create(sessions, batch_size=500)
    Registration.objects.bulk_create(
        [
            Registration(
                activity=session.activity,
                session=session,
                places=count,
                date=session.date,
                created_by=user,
            )
            for session, count in registered
        ],
        batch_size=500,
    )
    summary.sessions_created = len(sessions)
    summary.organizations_created = organizations.created


class _Organizations:
    """Partner organizations of the directory by name (case and accents ignored); a name the
    directory does not know yet is added to it."""

    def __init__(self) -> None:
        self.by_key: dict[str, Organization] = {}
        self.created = 0

    def get(self, name: str) -> Organization:
        key = match_key(name)
        if key not in self.by_key:
            found = Organization.objects.filter(name_key=key).first()
            if found is None:
                found = Organization.objects.create(name=name)
                self.created += 1
            self.by_key[key] = found
        return self.by_key[key]


def render_errors(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """The errors as shown: messages in the reader's language, fields by their label."""
    shown = []
    vocabularies = dict(Vocabulary.objects.values_list("code", "label_fr"))
    english = dict(Vocabulary.objects.values_list("code", "label_en"))
    for error in summary.get("errors", []):
        params = dict(error.get("params") or {})
        if "field" in params and params["field"] in BY_NAME:
            params["field"] = str(BY_NAME[params["field"]].label)
        if "vocabulary" in params:
            names = english if (get_language() or "").startswith("en") else vocabularies
            params["vocabulary"] = names.get(params["vocabulary"]) or params["vocabulary"]
        try:
            message = (
                gettext(error["message_id"]) % params if params else gettext(error["message_id"])
            )
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
            message = gettext(error["message_id"])
        shown.append(
            {
                "row": error.get("row"),
                "column": error.get("column") or params.get("field", ""),
                "value": error.get("value", ""),
                "message": message,
            }
        )
    return shown


def report_csv(summary: dict[str, Any]) -> bytes:
    """The error report: row, column, value, message, in French Excel's dialect."""
    rows: list[list[object]] = [
        [error["row"] or "", error["column"], error["value"], error["message"]]
        for error in render_errors(summary)
    ]
    rest = summary.get("error_count", 0) - len(summary.get("errors", []))
    if rest > 0:
        rows.append(["", "", "", _("… and %(count)s more errors not listed.") % {"count": rest}])
    return write_csv([_("Row"), _("Column"), _("Value"), _("Message")], rows)


def describe(summary: dict[str, Any]) -> list[str]:
    """The summary in sentences, for the command and the pages."""
    if summary.get("error_count"):
        return [_("%(count)s errors; nothing was imported.") % {"count": summary["error_count"]}]
    say = {
        "activities": summary.get("activities_created", 0),
        "sessions": summary.get("sessions_created", 0),
        "existing": summary.get("existing", 0),
    }
    if summary.get("dry_run"):
        lines = [
            _(
                "%(activities)s activities and %(sessions)s sessions would be created; "
                "%(existing)s rows were already imported."
            )
            % say
        ]
    else:
        lines = [
            _(
                "%(activities)s activities and %(sessions)s sessions created; "
                "%(existing)s rows were already imported."
            )
            % say
        ]
    if summary.get("organizations_created"):
        lines.append(
            _("Organizations added to the directory: %(count)s.")
            % {"count": summary["organizations_created"]}
        )
    if summary.get("ignored_columns"):
        lines.append(
            _("Columns not imported: %(columns)s.")
            % {"columns": ", ".join(summary["ignored_columns"])}
        )
    return lines
