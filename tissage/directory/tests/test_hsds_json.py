"""HSDS JSON: the specification's JSON examples import, an organization comes back out as it
came in (beyond the GAPS of the tabular tests), exports validate against the JSON Schemas and
show what the public site shows."""

import io
import json
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from tissage.directory.hsds import validate
from tissage.directory.hsds.jsonio import detect, export_json, import_json
from tissage.directory.models import (
    Contact,
    Language,
    Metadata,
    Phone,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tissage.directory.tests.corpus import CONFIDENTIAL_STREET, build_corpus

EXAMPLES = Path(__file__).resolve().parents[2] / "testdata" / "hsds-examples"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
PHONE = "1554f2e2-a373-45db-a3fa-9fc48a61c15e"

pytestmark = pytest.mark.django_db


def example(name):
    """An example's bytes, as published."""
    return (EXAMPLES / name).read_bytes()


@pytest.mark.parametrize(
    ("name", "kind", "created"),
    [
        ("service_full.json", "service", 20),
        ("organization_full.json", "organization", 20),
        ("service_at_location_full.json", "service_at_location", 20),
        ("location.json", "location", 7),
        ("taxonomy.json", "taxonomy", 1),
        ("taxonomy_term.json", "taxonomy_term", 2),
        ("service_list.json", "service", 3),
        ("organization_list.json", "organization", 1),
        ("service_at_location_list.json", "service_at_location", 5),
        ("taxonomy_list.json", "taxonomy", 1),
        ("taxonomy_term_list.json", "taxonomy_term", 2),
        ("tabular.json", "", 21),
    ],
)
def test_every_json_example_imports(name, kind, created):
    document = json.loads(example(name))
    if kind:
        items = document.get("contents", [document]) if isinstance(document, dict) else document
        assert detect(items[0]) == kind
    report = import_json(example(name))
    assert report.ok, report.lines()
    assert sum(report.created.values()) == created, report.created


def test_one_object_under_several_parents_is_one_record():
    assert import_json(example("service_full.json")).ok
    phone = Phone.objects.get(id=PHONE)
    link = ServiceAtLocation.objects.get(id="e94c9f38-1e8f-4564-91d4-d53501ab1765")
    assert (phone.service_id, phone.location_id, phone.service_at_location_id) == (
        uuid.UUID(SERVICE),
        link.location_id,
        link.id,
    )
    assert phone.contact_id == Contact.objects.get(name="Ann Persona").id
    assert phone.organization_id == Service.objects.get(id=SERVICE).organization_id
    language = Language.objects.get(id="2989d3ed-c547-48f8-8f9d-432d81c7892e")
    assert (language.phone_id, language.service_id, language.location_id) == (
        phone.id,
        phone.service_id,
        phone.location_id,
    )


# Beyond the tabular GAPS: the example's term names its taxonomy "taxonomy" but nests a
# taxonomy named "name" (Tissage gives the nested taxonomy's name), and its language "eng".
JSON_GAPS = {"parent_organization_id", "timezone", "fees", "parent_id"}


def differences(original, exported, path="$"):
    found = []
    if isinstance(original, dict):
        for key, value in original.items():
            where = f"{path}.{key}"
            if key in JSON_GAPS:
                assert key not in exported, where
            elif key == "metadata":  # the example's history is there, with the import's
                ids = {item["id"] for item in exported[key]}
                assert {item["id"] for item in value} <= ids, where
            elif key not in exported:
                found.append((where, value, None))
            else:
                found += differences(value, exported[key], where)
        assert set(exported) - set(original) <= {"metadata"}, path
    elif isinstance(original, list):
        assert len(original) == len(exported), path
        for index, (left, right) in enumerate(zip(original, exported, strict=True)):
            found += differences(left, right, f"{path}[{index}]")
    elif original != exported:
        found.append((path, original, exported))
    return found


def test_an_organization_comes_back_out_as_it_came_in():
    assert import_json(example("organization_full.json"), language="en").ok
    original = json.loads(example("organization_full.json"))
    [exported] = export_json("en", staff=True)
    term = "$.services[0].attributes[0].taxonomy_term"
    assert differences(original, exported) == [
        (f"{term}.taxonomy", "taxonomy", "name"),
        (f"{term}.language", "eng", "en"),
    ]
    assert validate.errors(exported, "organization") == []
    assert validate.errors(exported["services"][0], "service") == []


def test_json_exports_validate_and_show_what_the_public_site_shows():
    corpus = build_corpus()
    hidden = {str(corpus[key].id) for key in ("E1", "F1", "G1")}
    for language in ("fr", "en"):
        for staff in (False, True):
            exported = export_json(language, staff=staff)
            text = json.dumps(exported, ensure_ascii=False)
            assert CONFIDENTIAL_STREET not in text
            services = set()
            for organization in exported:
                assert validate.errors(organization, "organization") == []
                for service in organization.get("services", []):
                    assert validate.errors(service, "service") == []
                    services.add(service["id"])
            assert (services & hidden) == (hidden if staff else set())
    english = {o["name"]: o for o in export_json("en")}
    [clinic] = english["Centre d'action bénévole de Magog"]["services"]
    assert clinic["name"] == "Tax clinic"


def test_bad_json_is_reported_by_path_and_changes_nothing():
    document = json.loads(example("service_full.json"))
    document["status"] = "open"
    document["cost_options"][0]["amount"] = "cheap"
    document["required_documents"][0]["id"] = "document-1"
    document["schedules"] = {"id": "not a list"}
    document["contacts"][0]["name"] = "Someone Else"  # the same contact, elsewhere Ann
    report = import_json(json.dumps(document).encode())
    assert not report.ok
    where = {(issue.row, issue.column) for issue in report.errors}
    assert where == {
        ("$", "status"),
        ("$.cost_options[0]", "amount"),
        ("$.required_documents[0]", "id"),
        ("$.schedules", "schedules"),
        ("$.contacts[0]", "name"),
    }
    assert not Service.objects.filter(id=SERVICE).exists()
    assert not import_json(b"{not json").ok
    assert not import_json(b"42").ok


def test_json_through_the_commands(tmp_path):
    source = tmp_path / "service.json"
    source.write_bytes(example("service_full.json"))
    call_command("hsds_import", str(source), "--language", "en", stdout=io.StringIO())
    assert Service.objects.get(id=SERVICE).name_en == "Community Counselling"
    call_command("hsds_export", str(tmp_path / "out"), "--format", "json", stdout=io.StringIO())
    exported = json.loads((tmp_path / "out" / "hsds-fr.json").read_text(encoding="utf-8"))
    assert exported[0]["services"][0]["id"] == SERVICE
    assert (tmp_path / "out" / "hsds-en.json").exists()


def test_what_the_database_refuses_rolls_everything_back():
    """Two terms without a taxonomy and with the same code both go to the organization's own
    terms, where a code is held once: the database refuses the second, nothing stays."""
    terms = [
        {"id": "11111111-1111-4111-8111-111111111111", "name": "Un", "code": "x"},
        {"id": "22222222-2222-4222-8222-222222222222", "name": "Deux", "code": "x"},
    ]
    before = TaxonomyTerm.objects.count(), Metadata.objects.count()
    report = import_json(json.dumps(terms).encode(), kind="taxonomy_term")
    assert not report.ok
    [error] = report.errors
    assert error.row == "$[1]"
    assert (TaxonomyTerm.objects.count(), Metadata.objects.count()) == before
    assert not report.created
