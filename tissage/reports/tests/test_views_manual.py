"""Manual indicators: editors define them and type values; statistics readers read them."""

from datetime import date

import pytest

from tissage.privacy.models import AuditEvent
from tissage.reports.models import ManualIndicator, ManualValue


@pytest.fixture
def visits(db) -> ManualIndicator:
    return ManualIndicator.objects.create(code="web", label_fr="Visites Web", label_en="Web visits")


def test_an_editor_defines_an_indicator_and_types_its_values(client_for, users):
    bob = client_for("bob")
    response = bob.post(
        "/rapports/indicateurs-manuels/nouveau/",
        {"code": "facebook", "label_fr": "Abonnés Facebook", "label_en": "Facebook followers",
         "definition": "Page statistics"},
    )  # fmt: skip
    assert response["Location"] == "/rapports/indicateurs-manuels/facebook/"
    bob.post(
        "/rapports/indicateurs-manuels/facebook/",
        {"period_start": "2023-04-01", "period_end": "2024-03-31", "value": "1234.5"},
    )
    value = ManualValue.objects.get()
    assert (value.period_start, value.value, value.entered_by.username) == (
        date(2023, 4, 1),
        1234.5,
        "bob",
    )
    page = bob.get("/rapports/indicateurs-manuels/facebook/").content.decode()
    assert "1\u00a0234,50" in page and "23/24" in page
    assert AuditEvent.objects.filter(action="create", object_type="reports.manualvalue").exists()
    bob.post(f"/rapports/indicateurs-manuels/facebook/valeurs/{value.pk}/supprimer/")
    assert not ManualValue.objects.exists()


def test_a_span_that_ends_before_it_starts_is_refused(client_for, visits):
    response = client_for("bob").post(
        "/rapports/indicateurs-manuels/web/",
        {"period_start": "2024-03-31", "period_end": "2023-04-01", "value": "3"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not ManualValue.objects.exists()


def test_labels_change_but_not_the_code(client_for, visits):
    bob = client_for("bob")
    bob.post(
        "/rapports/indicateurs-manuels/web/modifier/",
        {"code": "other", "label_fr": "Sessions Web", "label_en": "Web sessions"},
    )
    visits.refresh_from_db()
    assert (visits.code, visits.label_fr) == ("web", "Sessions Web")


@pytest.mark.parametrize("name", ["carol", "frank"])
def test_statistics_readers_read_without_editing(client_for, visits, name):
    client = client_for(name)
    assert client.get("/rapports/indicateurs-manuels/").status_code == 200
    detail = client.get("/rapports/indicateurs-manuels/web/")
    assert detail.status_code == 200 and detail.context["form"] is None
    assert client.get("/rapports/indicateurs-manuels/nouveau/").status_code == 403
    assert client.get("/rapports/indicateurs-manuels/web/modifier/").status_code == 403
    client.post(
        "/rapports/indicateurs-manuels/web/",
        {"period_start": "2023-04-01", "period_end": "2024-03-31", "value": "3"},
    )
    assert not ManualValue.objects.exists()
