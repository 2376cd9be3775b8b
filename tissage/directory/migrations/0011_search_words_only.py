"""PostgreSQL: the search entry keeps its words in the two tsvectors only, the text columns
emptied by the trigger (see dbsearch.POSTGRESQL_WORDS_ONLY): rows 60 % narrower for the
searches that visit thousands of them. Nothing on SQLite, whose FTS5 table reads the text."""

from django.db import migrations

from tissage.directory import dbsearch


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_search_covering_index")]
    operations = [
        migrations.RunPython(dbsearch.install_words_only, dbsearch.uninstall_words_only)
    ]
