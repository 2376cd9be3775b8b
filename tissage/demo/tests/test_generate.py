"""`tissage generate`: a realistic organization at any size, the same for the same seed."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from tissage.demo import scale


def _generated(seed: int, monkeypatch: pytest.MonkeyPatch) -> dict:
    # PostgreSQL cannot VACUUM inside the test's transaction; the search index's tidying is
    # not what this test checks.
    monkeypatch.setattr("tissage.directory.dbsearch.optimize", lambda: None)
    with transaction.atomic():
        out = io.StringIO()
        call_command(
            "generate", interventions=400, services=40, seed=seed, checksum=True, stdout=out
        )
        found = scale.checksum()
        transaction.set_rollback(True)
    assert "Done." in out.getvalue()
    assert "contacts" in out.getvalue()
    return found


@pytest.mark.django_db
def test_same_seed_same_organization(monkeypatch: pytest.MonkeyPatch) -> None:
    first = _generated(3, monkeypatch)
    again = _generated(3, monkeypatch)
    other = _generated(4, monkeypatch)
    assert first == again
    assert first["interventions"] != other["interventions"]
    plan = scale.sizes(400, 40)
    assert first["interventions"][0] == 400
    assert first["persons"][0] == plan["persons"]
    assert first["services"][0] >= 40
    assert first["contacts"][0] == plan["contacts"]
    for name in ("referrals", "enrolments", "sessions", "members"):
        assert first[name][0] > 0, name


@pytest.mark.django_db
def test_refuses_a_database_with_interventions(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management.base import CommandError

    from tissage.people.models import Intervention

    Intervention.objects.create(date="2024-01-01")
    with pytest.raises(CommandError, match="empty"):
        call_command("generate", interventions=10, stdout=io.StringIO())
