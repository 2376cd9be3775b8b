"""Staff screens: who may read and change, and what a change leaves behind (field history,
audit trail, search index)."""

import pytest
from django.urls import reverse

from tissage.directory.models import (
    Attribute,
    Location,
    Metadata,
    Organization,
    Schedule,
    Service,
    ServiceArea,
    TaxonomyTerm,
)
from tissage.directory.search import search
from tissage.privacy.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def org():
    return Organization.objects.create(name="Centre d'entraide", description="Entraide.")


def test_pages_by_role(client_for, org):
    service = Service.objects.create(organization=org, name="Écoute")
    read = [
        reverse("directory:index"),
        reverse("directory:organization", args=[org.pk]),
        reverse("directory:service", args=[service.pk]),
        reverse("directory:taxonomy"),
        reverse("directory:organizations"),
    ]
    write = [
        reverse("directory:organization_edit", args=[org.pk]),
        reverse("directory:service_edit", args=[service.pk]),
        reverse("directory:service_new", args=[org.pk]),
        reverse("directory:location_new", args=[org.pk]),
        reverse("directory:term_new"),
    ]
    for name in ("erin",):  # the access-matrix test covers the other roles
        client = client_for(name)
        for url in read + write:
            assert client.get(url).status_code == 200, (name, url)
    for name in ("frank",):  # statistics only: reads, never changes
        client = client_for(name)
        for url in read:
            assert client.get(url).status_code == 200, (name, url)
        for url in write:
            assert client.get(url).status_code == 403, (name, url)


def test_the_home_counts_and_searches(client_for, org):
    Service.objects.create(organization=org, name="Popote roulante")
    Service.objects.create(organization=org, name="Popote cachée", public=False)
    response = client_for("frank").get(reverse("directory:index"), {"q": "popote"})
    assert response.context["counts"]["services"] == 2
    assert response.context["counts"]["hidden"] == 1
    assert {hit.service.name for hit in response.context["results"].hits} == {
        "Popote roulante",
        "Popote cachée",
    }


def test_changing_an_organization_writes_history_and_audit(client_for, org):
    data = {
        "name": "Centre d'entraide Magog",
        "description": "Entraide.",
        "public": "on",
        "website": "entraide.example.org",
        "alert": "Fermé le 1er juillet",
        "alert_start": "2024-06-25",
        "alert_end": "2024-07-01",
        **management("phones", total=1),
        "phones-0-number": "819 555-0101",
        "phones-0-type": "voice",
    }
    response = client_for("erin").post(reverse("directory:organization_edit", args=[org.pk]), data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Centre d'entraide Magog" and org.website == "https://entraide.example.org"
    assert org.phones.get().number == "819 555-0101"
    rows = Metadata.objects.filter(resource_id=org.id)
    name = rows.get(field_name="name")
    assert (name.previous_value, name.replacement_value, name.updated_by) == (
        "Centre d'entraide",
        "Centre d'entraide Magog",
        "erin",
    )
    assert rows.filter(field_name="alert_start", replacement_value="2024-06-25").exists()
    assert Metadata.objects.filter(resource_type="phone", last_action_type="create").exists()
    event = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(org.id))
    assert {"name", "website", "alert", "phones"} <= set(event.fields)
    assert "Magog" not in " ".join(event.fields)  # names, never values


def test_a_new_service_with_hours_areas_categories_and_languages(client_for, org):
    location = Location.objects.create(organization=org, name="Bureau")
    pantry = TaxonomyTerm.objects.get(taxonomy__code="open-eligibility", code="1130")
    data = {
        "name": "Comptoir alimentaire",
        "status": "active",
        "public": "on",
        "categories": [str(pantry.id)],
        "locations": [str(location.id)],
        "language_codes": ["fr", "es"],
        "hints": "épicerie pas chère, bouffe",
        **management("phones"),
        **management("areas", total=1),
        **management("hours", total=3),
        "areas-0-scope": "mrc",
        "areas-0-place": "MRC de Memphrémagog",
        "hours-0-days": ["MO", "WE"],
        "hours-0-opens_at": "09:00",
        "hours-0-closes_at": "12:00",
        "hours-1-days": ["MO"],
        "hours-1-opens_at": "13:00",
        "hours-1-closes_at": "16:00",
        "hours-2-closed": "on",
        "hours-2-valid_from": "2024-12-24",
        "hours-2-valid_to": "2025-01-02",
    }
    response = client_for("erin").post(reverse("directory:service_new", args=[org.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Comptoir alimentaire")
    assert Attribute.objects.filter(link_id=service.id, taxonomy_term=pantry).exists()
    assert set(service.languages.values_list("code", flat=True)) == {"fr", "es"}
    assert list(service.locations.all()) == [location]
    area = ServiceArea.objects.get(service=service)
    assert (area.scope, area.place_code) == ("mrc", "memphremagog")
    rows = {(s.byday, s.freq, s.closed) for s in Schedule.objects.filter(service=service)}
    assert rows == {("MO,WE", "WEEKLY", False), ("MO", "WEEKLY", False), ("", "", True)}
    assert {hit.service for hit in search("épicerie pas chère").hits} == {service}
    assert {hit.service for hit in search("", mrc="Memphrémagog", language="es").hits} == {service}
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(service.id)).exists()
    history = Metadata.objects.filter(resource_id=service.id)
    assert history.filter(field_name="attributes", replacement_value="1130").exists()
    assert history.filter(field_name="languages", replacement_value="es, fr").exists()


def test_invalid_hours_are_refused_with_a_message(client_for, org):
    data = {
        "name": "Halte",
        "status": "active",
        "public": "on",
        **management("phones"),
        **management("areas"),
        **management("hours", total=1),
        "hours-0-opens_at": "09:00",
        "hours-0-closes_at": "12:00",
    }
    response = client_for("erin").post(reverse("directory:service_new", args=[org.pk]), data)
    assert response.status_code == 200
    assert not Service.objects.filter(name="Halte").exists()
    assert response.context["formsets"][1][1].errors[0]["days"]


def test_a_location_with_a_confidential_address(client_for, org):
    data = {
        "name": "Maison",
        "location_type": "physical",
        "confidential_address": "on",
        "address_1": "12, rue Cachée",
        "city": "Magog",
        "postal_code": "J1X 0A0",
        "latitude": "45.3",
        "longitude": "-72.1",
        "accessibility": "Rampe d'accès",
        **management("phones"),
        **management("hours"),
    }
    response = client_for("erin").post(reverse("directory:location_new", args=[org.pk]), data)
    assert response.status_code == 302
    location = Location.objects.get(organization=org)
    assert location.confidential_address and location.main_address.address_1 == "12, rue Cachée"
    assert location.accessibility.get().description == "Rampe d'accès"
    page = client_for("carol").get(reverse("directory:organization", args=[org.pk]))
    assert "12, rue Cachée" in page.content.decode()  # the staff view shows it
    assert Metadata.objects.filter(resource_type="address", field_name="address_1").exists()


def test_the_organizations_own_category_with_hints(client_for, org):
    service = Service.objects.create(organization=org, name="Service X")
    data = {
        "name": "Aide aux sinistrés de la tempête",
        "name_en": "Storm relief",
        "active": "on",
        "hints": "verglas, panne",
    }
    response = client_for("erin").post(reverse("directory:term_new"), data)
    assert response.status_code == 302
    term = TaxonomyTerm.objects.get(taxonomy__code="local")
    assert term.code == "L001" and list(term.hints.values_list("text", flat=True)) == [
        "panne",
        "verglas",
    ]
    Attribute.objects.create(taxonomy_term=term, link_entity="service", link_id=service.id)
    assert {hit.service for hit in search("verglas").hits} == {service}
