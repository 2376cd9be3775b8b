"""Rows straight into their table: the ORM's bulk_create builds and prepares a model instance
per row, which was most of an import's time (100,000 interventions: 2,800 rows per second).

Values go as parameters, adapted once per column type (dates, times, timestamps); columns
the import does not fill get their model default, computed once. PostgreSQL gets COPY,
SQLite executemany. The import runs inside one transaction: nothing is visible, or kept,
before it commits.

On PostgreSQL, `Batch` writes rows and their many-to-many links in one statement per batch,
the rows' ids taken from their sequence in the file's order; sent in pipeline mode (see
`Stream`), the server inserts one batch and checks its foreign keys while the importer reads
the next rows: the two processes work side by side instead of in turn.
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from types import TracebackType
from typing import Any

from django.db import connection, models
from django.utils import timezone

from tissage.lib.bulk import insert_rows

Adapter = Callable[[Any], Any]
IN_LIST = 500  # parameters per IN (…): within every SQLite's limit


def _adapter(field: models.Field) -> Adapter | None:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    return None


def _default(field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return field.get_db_prep_save(timezone.now(), connection)
    if field.has_default():
        return field.get_db_prep_save(field.get_default(), connection)
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model._meta.label}.{field.name} needs a value")


class Table:
    """One model's table, written with the columns named (attnames, the primary key left to
    the database) and the defaults of the others."""

    def __init__(self, model: type[models.Model], names: list[str]) -> None:
        fields = {field.attname: field for field in model._meta.concrete_fields}
        if unknown := set(names) - set(fields):
            raise ValueError(f"{model._meta.label} has no {sorted(unknown)}")
        self.model = model
        self.table = model._meta.db_table
        self.adapters = [_adapter(fields[name]) for name in names]
        others = [
            field
            for attname, field in fields.items()
            if attname not in names and not field.primary_key
        ]
        self.columns = [fields[name].column for name in names] + [f.column for f in others]
        self.constants = tuple(_default(field) for field in others)

    def rows(self, rows: list[tuple]) -> list[tuple]:
        adapters = list(enumerate(self.adapters))
        if not any(adapter for _index, adapter in adapters):
            return [row + self.constants for row in rows]
        converted = []
        for row in rows:
            values = list(row)
            for index, adapter in adapters:
                if adapter is not None and values[index] is not None:
                    values[index] = adapter(values[index])
            converted.append(tuple(values) + self.constants)
        return converted

    def insert(self, rows: list[tuple]) -> None:
        if rows:
            insert_rows(self.table, self.columns, self.rows(rows))


def ids_by(model: type[models.Model], column: str, keys: list[str]) -> dict[str, int]:
    """{key: id} of the rows whose unique `column` holds one of `keys`."""
    quote = connection.ops.quote_name
    head = f"SELECT {quote(column)}, id FROM {quote(model._meta.db_table)} WHERE "  # noqa: S608
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(head + f"{quote(column)} = ANY(%s)", [keys])
            found.update(cursor.fetchall())
        else:
            for chunk in chunks(keys, IN_LIST):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(head + f"{quote(column)} IN ({marks})", chunk)
                found.update(cursor.fetchall())
    return found


def insert_links(descriptor: Any, pairs: list[tuple[Any, Any]]) -> None:
    """Many-to-many rows (source id, target id) straight into their table."""
    through = descriptor.through
    source = through._meta.get_field(descriptor.field.m2m_field_name()).column
    target = through._meta.get_field(descriptor.field.m2m_reverse_field_name()).column
    if pairs:
        insert_rows(through._meta.db_table, [source, target], pairs)


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Batch:
    """PostgreSQL: rows of `model` (the columns named, the others their defaults) with their
    many-to-many links, one statement per batch. The rows get their ids from the table's
    sequence in the order given (as COPY would), the links go in the order given too; the
    statement's result is not waited for (see Stream)."""

    def __init__(self, model: type[models.Model], names: list[str], links: list[str]) -> None:
        self.table = Table(model, names)
        fields = {field.attname: field for field in model._meta.concrete_fields}
        quote = connection.ops.quote_name
        types = [fields[name].db_type(connection) for name in names]
        # %b: arrays in binary, ten times quicker for psycopg to write than their text form.
        unnest = ", ".join(f"%b::{kind}[]" for kind in types)
        names_of = [f"c{index}" for index in range(len(names))]
        pk = model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [self.table.table, pk])
            self.sequence = cursor.fetchone()[0]
        # Names from the models' metadata, quoted; the values go as parameters.
        constants = "".join(", %s" for _constant in self.table.constants)
        columns = ", ".join(quote(column) for column in [pk, *self.table.columns])
        values = ", ".join(names_of)
        parts = [
            "v AS MATERIALIZED (SELECT nextval(%s::regclass) AS id, u.* FROM "  # noqa: S608
            f"unnest({unnest}) WITH ORDINALITY AS u({values}, n) ORDER BY n)",
            f"new AS (INSERT INTO {quote(self.table.table)} ({columns}) "  # noqa: S608
            f"SELECT id, {values}{constants} FROM v)",
            "ids AS (SELECT array_agg(id ORDER BY n) AS id FROM v)",
        ]
        for index, name in enumerate(links):
            field: Any = model._meta.get_field(name)
            through = field.remote_field.through._meta
            target = field.related_model._meta.get_field(field.m2m_target_field_name())
            pair = f"{quote(field.m2m_column_name())}, {quote(field.m2m_reverse_name())}"
            parts.append(
                f"l{index} AS (INSERT INTO {quote(through.db_table)} ({pair}) "  # noqa: S608
                f"SELECT ids.id[x.n], x.target FROM ids, unnest(%b::integer[], "
                f"%b::{target.rel_db_type(connection)}[]) AS x(n, target))"
            )
        self.sql = "WITH " + ", ".join(parts) + " SELECT 1"
        self.links = links

    def send(self, cursor: Any, rows: list[tuple], links: dict[str, list[tuple[int, Any]]]) -> None:
        """`rows` as Table.insert takes them; `links[name]`: (position of the row in `rows`,
        counted from 1, id of the linked record)."""
        if not rows:
            return
        # psycopg adapts dates and times itself: the rows go as they are, column by column.
        params: list[Any] = [self.sequence]
        params += [list(values) for values in zip(*rows, strict=True)]
        params += list(self.table.constants)
        for name in self.links:
            pairs = links.get(name, [])
            params += [[position for position, _target in pairs], [t for _p, t in pairs]]
        cursor.execute(self.sql, params)


class Stream(AbstractContextManager):
    """PostgreSQL: a cursor whose statements are sent without waiting for their results
    (psycopg's pipeline mode), and foreign keys checked as each statement ends rather than
    all at once at the commit, so that the server's work overlaps the importer's. On leaving,
    every result is awaited (a database error is raised then, as Django's), and the
    constraints are deferred again as they were."""

    def __init__(self, tables: list[str]) -> None:
        self.tables = tables
        self.deferred: list[str] = []
        self.stack = ExitStack()
        self.cursor: Any = None

    def __enter__(self) -> "Stream":
        import psycopg

        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferrable "
                "AND condeferred AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
                [[quote(table) for table in self.tables]],
            )
            self.deferred = [quote(name) for (name,) in cursor.fetchall()]
            if self.deferred:
                cursor.execute(f"SET CONSTRAINTS {', '.join(self.deferred)} IMMEDIATE")
        raw = connection.connection
        self.stack.enter_context(connection.wrap_database_errors)
        self.stack.enter_context(raw.pipeline())
        self.cursor = self.stack.enter_context(psycopg.Cursor(raw))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool | None:
        self.stack.__exit__(kind, error, trace)
        if kind is None and self.deferred:
            with connection.cursor() as cursor:
                cursor.execute(f"SET CONSTRAINTS {', '.join(self.deferred)} DEFERRED")
        return None
