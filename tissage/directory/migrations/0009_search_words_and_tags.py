"""PostgreSQL: the keywords and the filter tokens in two tsvectors (`tsv_words`,
`tsv_tags`) under one GIN index, instead of one `tsv`: ranking reads the keywords alone (see
dbsearch.POSTGRESQL_SPLIT). Nothing on SQLite, whose FTS5 table has them apart already."""

from django.db import migrations

from tissage.directory import dbsearch


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_search_nearest_point")]
    operations = [migrations.RunPython(dbsearch.install_split, dbsearch.uninstall_split)]
