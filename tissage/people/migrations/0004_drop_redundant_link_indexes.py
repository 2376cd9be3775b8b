"""Interventions' link tables without their index on intervention_id alone.

Django gives each many-to-many table an index per column, besides the unique index on the
pair (intervention_id, other_id). The pair's index starts with intervention_id, so it
answers every lookup by intervention as well (prefetches, deletes); the extra index only
costs each saved link a write. Without them, PostgreSQL writes the links of a
100,000-row import 7 % faster (docs/performance.md).

The model state is unchanged (Django still believes the indexes exist): these link tables
are never altered, and should one be, its migration needs this one reversed first.
"""

from django.db import migrations

LINKS = ("workers", "persons", "types", "problems")


def _single_index(schema_editor, table: str, column: str) -> str | None:
    with schema_editor.connection.cursor() as cursor:
        found = schema_editor.connection.introspection.get_constraints(cursor, table)
    for name, spec in found.items():
        if spec["index"] and not spec["unique"] and not spec["primary_key"]:
            if spec["columns"] == [column]:
                return name
    return None


def _links(apps):
    intervention = apps.get_model("people", "Intervention")
    for name in LINKS:
        through = intervention._meta.get_field(name).remote_field.through
        column = through._meta.get_field("intervention").column
        yield through._meta.db_table, column


def drop(apps, schema_editor):
    quote = schema_editor.quote_name
    for table, column in _links(apps):
        name = _single_index(schema_editor, table, column)
        if name is not None:
            schema_editor.execute(f"DROP INDEX {quote(name)}")


def restore(apps, schema_editor):
    quote = schema_editor.quote_name
    for table, column in _links(apps):
        if _single_index(schema_editor, table, column) is None:
            name = schema_editor._create_index_name(table, [column])  # Django's own name
            schema_editor.execute(f"CREATE INDEX {quote(name)} ON {quote(table)} ({quote(column)})")


class Migration(migrations.Migration):
    dependencies = [("people", "0003_consent_withdrawal")]

    operations = [migrations.RunPython(drop, restore, elidable=False)]
