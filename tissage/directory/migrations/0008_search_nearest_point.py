"""PostgreSQL: the distance to the nearest of several points as a function, so that the
planner costs it as one call per row (see dbsearch.POSTGRESQL_NEAREST). Nothing on SQLite."""

from django.db import migrations

from tissage.directory import dbsearch


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_verification")]
    operations = [migrations.RunPython(dbsearch.install_nearest, dbsearch.uninstall_nearest)]
