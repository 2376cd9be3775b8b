"""Full-text search of the directory: an FTS5 table on SQLite, a tsvector column with the
fr_unaccent configuration on PostgreSQL (see tissage/directory/dbsearch.py)."""

from django.db import migrations

from tissage.directory import dbsearch


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_hsds_records")]
    operations = [migrations.RunPython(dbsearch.install, dbsearch.uninstall)]
