"""Chain the audit trail (each event hashes the previous one) and forbid changes in the database.

SQLite refuses UPDATE of the content columns with a trigger. PostgreSQL refuses UPDATE of the
content columns and DELETE. Only `user_id` may still change: deleting a user sets it to NULL,
which the chain does not cover (the user name is kept in `username`). No DELETE trigger on
SQLite: Django's test flush empties tables with DELETE there (PostgreSQL uses TRUNCATE).
"""

from typing import Any

from django.db import migrations, models

from tissage.privacy.models import AuditEvent as CurrentAuditEvent

CONTENT = "at, username, action, object_type, object_id, fields, ip, previous_hash, hash"

SQLITE_ON = [
    f"""CREATE TRIGGER privacy_auditevent_no_update BEFORE UPDATE OF {CONTENT}
    ON privacy_auditevent BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"""
]
SQLITE_OFF = ["DROP TRIGGER IF EXISTS privacy_auditevent_no_update;"]

POSTGRES_ON = [
    """CREATE OR REPLACE FUNCTION privacy_auditevent_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END; $$ LANGUAGE plpgsql;""",
    f"""CREATE TRIGGER privacy_auditevent_no_update BEFORE UPDATE OF {CONTENT}
    ON privacy_auditevent FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_append_only();""",
    """CREATE TRIGGER privacy_auditevent_no_delete BEFORE DELETE
    ON privacy_auditevent FOR EACH ROW EXECUTE FUNCTION privacy_auditevent_append_only();""",
]
POSTGRES_OFF = [
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_update ON privacy_auditevent;",
    "DROP TRIGGER IF EXISTS privacy_auditevent_no_delete ON privacy_auditevent;",
    "DROP FUNCTION IF EXISTS privacy_auditevent_append_only();",
]


def _chain_existing(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("privacy", "AuditEvent")
    previous = ""
    for event in AuditEvent.objects.order_by("pk"):
        event.previous_hash = previous
        # The hash is computed by the current model's method on the same values.
        event.hash = CurrentAuditEvent.compute_hash(event)  # type: ignore[arg-type]
        event.save(update_fields=["previous_hash", "hash"])
        previous = event.hash


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(_chain_existing, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_ON, "postgresql": POSTGRES_ON}),
            _run({"sqlite": SQLITE_OFF, "postgresql": POSTGRES_OFF}),
        ),
    ]
