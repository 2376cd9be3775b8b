"""Migration 0004: interventions' link tables keep the pair's unique index, which serves
lookups by intervention, and lose the redundant index on intervention_id alone."""

import pytest
from django.db import connection

from tissage.people.models import Intervention

pytestmark = pytest.mark.django_db

LINKS = ("workers", "persons", "types", "problems")


def _indexes(table: str) -> list[dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return [s for s in found.values() if (s["index"] or s["unique"]) and not s["primary_key"]]


@pytest.mark.parametrize("name", LINKS)
def test_link_table_indexes(name):
    through = Intervention._meta.get_field(name).remote_field.through
    table = through._meta.db_table
    own = through._meta.get_field("intervention").column
    other = through._meta.get_field(Intervention._meta.get_field(name).m2m_reverse_field_name())
    indexes = _indexes(table)
    assert [own] not in [spec["columns"] for spec in indexes]
    # the pair, intervention first, unique: lookups by intervention use it
    assert any(spec["unique"] and spec["columns"] == [own, other.column] for spec in indexes)
    # the other side keeps its own index (a person's, a worker's, an entry's interventions)
    assert [other.column] in [spec["columns"] for spec in indexes]


@pytest.mark.django_db(transaction=True)  # SQLite alters schemas outside a transaction
def test_migration_reverses():
    """0004 reversed puts Django's indexes back, and applied again removes them."""
    from django.core.management import call_command

    table = Intervention.persons.through._meta.db_table
    try:
        call_command("migrate", "people", "0003", verbosity=0)
        assert ["intervention_id"] in [spec["columns"] for spec in _indexes(table)]
    finally:
        call_command("migrate", "people", verbosity=0)
    assert ["intervention_id"] not in [spec["columns"] for spec in _indexes(table)]
