"""The audit trail is append-only and hash-chained: a change or removal is detected."""

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tissage.privacy import audit
from tissage.privacy.models import AppendOnlyError, AuditEvent


@pytest.fixture
def trail(users):
    for name in ["alice", "bob", "carol"]:
        audit.record(None, audit.Action.READ, users[name], user=users["alice"], fields=["x"])
    return list(AuditEvent.objects.order_by("pk"))


@pytest.mark.django_db
def test_each_event_chains_to_the_previous_one(trail):
    for before, after in itertools.pairwise(trail):
        assert after.previous_hash == before.hash
        assert after.hash == after.compute_hash()
    assert audit.verify_chain() == []
    call_command("audit_verify")


@pytest.mark.django_db
def test_the_model_refuses_changes_and_deletions(trail):
    event = trail[0]
    event.username = "mallory"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(username="mallory")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_the_database_refuses_a_change_made_behind_the_application(trail):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET username = 'mallory'")
    assert not AuditEvent.objects.filter(username="mallory").exists()


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks must run first: PostgreSQL refuses to alter a table
            # with pending trigger events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE privacy_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER privacy_auditevent_no_update")


@pytest.mark.django_db
def test_a_changed_event_breaks_the_chain_and_the_command_says_so(trail, client_for):
    _drop_triggers()  # rolled back with the test's transaction
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_auditevent SET username = 'mallory' WHERE id = %s", [trail[1].pk]
        )
    problems = audit.verify_chain()
    assert problems == [f"event {trail[1].pk}: its content was changed"]
    with pytest.raises(CommandError):
        call_command("audit_verify")
    page = client_for("alice").get("/confidentialite/", {"verify": "1"})
    assert b'id="chain-broken"' in page.content


@pytest.mark.django_db
def test_a_removed_event_breaks_the_chain(trail, client_for):
    assert b'id="chain-intact"' in client_for("alice").get("/confidentialite/?verify=1").content
    if connection.vendor == "postgresql":
        _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE id = %s", [trail[1].pk])
    assert audit.verify_chain() == [
        f"event {trail[2].pk}: the previous event was removed or changed"
    ]


@pytest.mark.django_db
def test_failed_sign_ins_keep_the_attempted_name_in_the_chain(client, users):
    client.post("/compte/connexion/", {"username": "carol", "password": "faux"})
    event = AuditEvent.objects.get(action=audit.Action.LOGIN_FAILED)
    assert event.username == "carol"
    assert audit.verify_chain() == []
