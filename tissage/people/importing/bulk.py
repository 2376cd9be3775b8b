"""Rows straight into their table: the ORM's bulk_create builds and prepares a model instance
per row, which was most of an import's time (100,000 interventions: 2,800 rows per second).

Values go as parameters, adapted once per column type (dates, times, timestamps); columns
the import does not fill get their model default, computed once. PostgreSQL gets COPY,
SQLite executemany. The import runs inside one transaction: nothing is visible, or kept,
before it commits.
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, models
from django.utils import timezone

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


def insert_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    """Rows whose values are ready for the database (ids, strings, adapted dates)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            # Names from the model's metadata, quoted; the values go as parameters.
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(sql, rows)


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
