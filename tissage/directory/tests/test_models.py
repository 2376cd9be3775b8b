"""The records, the default taxonomy and the gazetteer."""

import datetime
import json

import pytest
from django.utils import translation

from tissage.directory import gazetteer
from tissage.directory.changes import record_changes, snapshot
from tissage.directory.models import (
    OPEN_ELIGIBILITY,
    Metadata,
    Organization,
    Phone,
    SearchHint,
    Service,
    ServiceStatus,
    TaxonomyTerm,
    stable_term_id,
)
from tissage.directory.taxonomy import DATA

pytestmark = pytest.mark.django_db


def test_the_default_taxonomy_is_open_eligibility_in_french():
    source = json.loads((DATA / "open_eligibility.json").read_text(encoding="utf-8"))
    french = json.loads((DATA / "open_eligibility_fr.json").read_text(encoding="utf-8"))
    assert len(source) == 289 and set(french) == {row["id"] for row in source}
    terms = TaxonomyTerm.objects.filter(taxonomy__code=OPEN_ELIGIBILITY)
    assert terms.count() == 289
    pantry = terms.get(code="1130")
    assert pantry.id == stable_term_id(OPEN_ELIGIBILITY, "1130")
    assert (pantry.name, pantry.name_en, pantry.parent.code) == (
        "Banque alimentaire",
        "Food Pantry",
        "1102",
    )
    assert terms.filter(parent__isnull=True).count() == 11
    with translation.override("en"):
        assert str(pantry) == "Food Pantry"
    with translation.override("fr-ca"):
        assert str(pantry) == "Banque alimentaire"


def test_default_hints_reach_lay_words():
    keys = set(SearchHint.objects.values_list("key", flat=True))
    assert {"bouffe", "loyer", "appart", "psy", "deprime"} <= keys
    assert SearchHint.objects.filter(term__code="1102", key="bouffe").exists()


def test_bilingual_text_falls_back_on_french():
    service = Service(name="Dépannage alimentaire", name_en="", description_en="Food help")
    assert service.tr("name", "en") == "Dépannage alimentaire"
    assert service.tr("description", "en") == "Food help"
    assert service.tr("description", "fr-ca") == ""


def test_a_temporary_message_shows_between_its_dates():
    service = Service(
        alert="Fermé pour les Fêtes",
        alert_start=datetime.date(2024, 12, 20),
        alert_end=datetime.date(2025, 1, 3),
    )
    assert service.alert_active(datetime.date(2024, 12, 25))
    assert not service.alert_active(datetime.date(2024, 12, 19))
    assert not service.alert_active(datetime.date(2025, 1, 4))
    assert not Service(alert="").alert_active(datetime.date(2024, 12, 25))


def test_the_public_queryset_leaves_out_hidden_and_closed_records():
    shown = Organization.objects.create(name="Montré")
    hidden = Organization.objects.create(name="Caché", public=False)
    ok = Service.objects.create(organization=shown, name="Oui")
    closed = Service.objects.create(
        organization=shown, name="Pause", status=ServiceStatus.TEMPORARILY_CLOSED
    )
    Service.objects.create(organization=shown, name="Non", public=False)
    Service.objects.create(organization=shown, name="Fini", status=ServiceStatus.DEFUNCT)
    Service.objects.create(organization=hidden, name="Dans un organisme caché")
    assert set(Service.objects.public()) == {ok, closed}
    assert ok.is_public and not Service.objects.get(name="Non").is_public


def test_name_keys_and_phone_links():
    org = Organization.objects.create(name="CLSC de Magog")
    assert org.name_key == "clsc de magog"
    assert Phone(number="819 555-1234", extension=12).tel_uri == "tel:+18195551234;ext=12"
    assert Phone(number="811").tel_uri == "tel:811"


def test_field_history_records_previous_and_new_values():
    org = Organization.objects.create(name="Avant")
    record_changes(org, None, updated_by="erin")
    before = snapshot(org)
    org.name, org.website = "Après", "https://apres.example.org"
    org.save()
    changed = record_changes(org, before, updated_by="erin")
    assert sorted(changed) == ["name", "website"]
    row = Metadata.objects.get(resource_id=org.id, field_name="name", last_action_type="update")
    assert (row.previous_value, row.replacement_value, row.updated_by) == ("Avant", "Après", "erin")
    assert row.resource_type == "organization"
    assert Metadata.objects.filter(
        resource_id=org.id, last_action_type="create", field_name="name"
    ).exists()


def test_the_gazetteer_is_small_and_knows_estrie():
    assert gazetteer.DATA.stat().st_size < 100_000
    assert (gazetteer.DATA.parent / "ATTRIBUTION.txt").exists()
    places = gazetteer.municipalities()
    assert len(places) > 500
    magog = gazetteer.find("MAGOG")
    assert (magog.mrc, magog.region) == ("Memphrémagog", "05")
    for name in [
        "Stanstead",
        "Austin",
        "Ayer's Cliff",
        "Eastman",
        "North Hatley",
        "Ogden",
        "Orford",
        "Potton",
        "Sainte-Catherine-de-Hatley",
    ]:
        place = gazetteer.find(name)
        assert place is not None and place.mrc == "Memphrémagog", name
    assert gazetteer.find("sante-catherine-de-hatley") is None
    assert gazetteer.find("Sainte Catherine de Hatley").name == "Sainte-Catherine-de-Hatley"
    assert gazetteer.find("Montreal").name == "Montréal"
    assert gazetteer.find_mrc("MRC de Memphrémagog") == ("Memphrémagog", "05")
    assert 20 < gazetteer.distance_km(magog.latitude, magog.longitude, 45.4001, -71.8991) < 30
