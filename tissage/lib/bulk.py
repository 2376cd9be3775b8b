"""Rows written in bulk, past the ORM: COPY on PostgreSQL, executemany on SQLite."""

from django.db import connection


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
