"""The search query reaches its matches through indexes on both databases. SQLite reads
what it needs of each match from the covering index of migration 0010 (a few bytes), not
from the entry's row (title, body and tokens, about 500 bytes): near a city, thousands of
matches are joined to their entries. On PostgreSQL the query's conditions are those the GIN
index on the two tsvectors serves (migration 0009): at this test's size (300 services) the
planner rightly prefers to read the table, so sequential scans are switched off to ask
whether the index can answer."""

import pytest
from django.db import connection, transaction

from tissage.directory import gazetteer, synthetic
from tissage.directory.models import Organization
from tissage.directory.search import prepare
from tissage.directory.searchsql import Where, _statement

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        synthetic.generate(300, seed=3)  # outside a transaction: it ends with VACUUM/ANALYZE
        yield
        with transaction.atomic():
            Organization.objects.all().delete()


EXPECTED = {
    "sqlite": "COVERING INDEX directory_searchentry_search_idx",
    "postgresql": "Bitmap Index Scan on directory_searchentry_words_tags_idx",
}


def test_search_near_a_city_uses_the_indexes(directory):
    q, spot, _results = prepare("aide", near=gazetteer.find("Montréal"), radius_km=25)
    sql, params = _statement(q, spot, Where("e.public = %s", [True]))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        plan = " / ".join(str(row[-1]) for row in cursor.fetchall())
    assert EXPECTED[connection.vendor] in plan, plan
