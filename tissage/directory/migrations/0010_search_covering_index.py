"""SQLite: an index holding every column the search query reads from an entry, so that it
reads a few bytes per match instead of the whole row (title, body and filter tokens,
about 500 bytes): a common word near a city joins thousands of matches to their entries.
PostgreSQL reads the entries from the GIN index's bitmap, row by row, and needs none."""

from django.db import migrations

INDEX = "directory_searchentry_search_idx"
COLUMNS = "id, public, active, more_points, latitude, longitude, areas, sort_key, service_id"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_searchentry ({COLUMNS})"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0009_search_words_and_tags")]
    operations = [migrations.RunPython(create, drop)]
