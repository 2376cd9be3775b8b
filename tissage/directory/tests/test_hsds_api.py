"""The HSDS API answers the example queries of the specification's OpenAPI description with
objects that validate against the HSDS JSON Schemas, shows what the public site shows, and
never lets a confidential address out.

Until the lead mounts the router in tissage/api.py, these tests serve it from a throwaway
NinjaAPI at the same path (this module is its own URL configuration); the last two tests use
the real configuration and pass once the router is mounted (and, for anonymous callers, once
the public rule exists)."""

import json
import uuid

import pytest
from django.db import transaction
from django.urls import path
from ninja import NinjaAPI

from tissage.directory.hsds import validate
from tissage.directory.hsds.api import router
from tissage.directory.models import Attribute, Organization, TaxonomyTerm
from tissage.directory.tests.corpus import CONFIDENTIAL_STREET, SHELTER_POINT, build_corpus
from tissage.privacy.access import undeclared
from tissage.urls import urlpatterns as project_urls

_api = NinjaAPI(urls_namespace="api", auth=undeclared, title="HSDS test", version="hsds-test")
_api.add_router("/hsds", router)  # as tissage/api.py will
urlpatterns = [path("api/", _api.urls), *project_urls]

HERE = "tissage.directory.tests.test_hsds_api"
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_corpus()
        yield built
        with transaction.atomic():
            Attribute.objects.filter(link_id__in=[s.id for s in built.values()]).delete()
            Organization.objects.filter(
                id__in=[service.organization_id for service in built.values()]
            ).delete()


@pytest.fixture
def erin(client_for):
    return client_for("erin")


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def names(page):
    return {item["name"] for item in page["contents"]}


def short(corpus, page):
    by_id = {str(service.id): key for key, service in corpus.items()}
    return {by_id.get(item["id"], item.get("name")) for item in page["contents"]}


LISTS = [
    ("/api/hsds/services", "service", {}),
    ("/api/hsds/services", "service", {"full": "true"}),
    ("/api/hsds/organizations", "organization", {}),
    ("/api/hsds/organizations", "organization", {"full": "true"}),
    ("/api/hsds/organizations", "organization", {"full_service": "true"}),
    ("/api/hsds/service_at_locations", "service_at_location", {}),
    ("/api/hsds/service_at_locations", "service_at_location", {"full": "true"}),
    ("/api/hsds/taxonomies", "taxonomy", {}),
    ("/api/hsds/taxonomy_terms", "taxonomy_term", {"per_page": "50"}),
]


@pytest.mark.urls(HERE)
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("include_hidden", ["false", "true"])
def test_every_answer_validates_against_the_hsds_schemas(corpus, erin, language, include_hidden):
    common = {"language": language, "include_hidden": include_hidden}
    root = get(erin, "/api/hsds/")
    assert root["version"] == "3.0" and get(erin, "/api/hsds") == root
    assert validate.root_errors(root) == []
    for url, kind, params in LISTS:
        page = get(erin, url, **params, **common)
        assert page["contents"], url
        assert validate.errors(page, kind, page=True) == [], (url, params)
        first = page["contents"][0]["id"]
        detail = get(erin, f"{url}/{first}", **common)
        assert validate.errors(detail, kind) == [], (url, first)
    # `minimal` answers id and last_modified alone, as the description says: no longer a
    # valid service (name and status are required), so only the wrapper is checked.
    minimal = get(erin, "/api/hsds/services", minimal="true", **common)
    assert set(minimal["contents"][0]) == {"id", "last_modified"}
    assert minimal["total_items"] == get(erin, "/api/hsds/services", **common)["total_items"]


@pytest.mark.urls(HERE)
def test_the_example_queries_of_the_openapi_description(corpus, erin):
    """Every operation of the specification's OpenAPI description, with every parameter it
    lists (but `postcode`: proximity is by coordinates here), answers what it describes."""
    food = TaxonomyTerm.objects.get(taxonomy__code="open-eligibility", code="1130")
    samples = {
        "search": "alimentaire",
        "page": "1",
        "per_page": "5",
        "format": "json",
        "taxonomy_term_id": str(food.id),
        "taxonomy_id": str(food.taxonomy_id),
        "organization_id": str(corpus["A1"].organization_id),
        "modified_after": "2000-01-01T00:00:00Z",
        "minimal": "false",
        "full": "true",
        "full_service": "true",
        "top_only": "false",
        "parent_id": str(food.parent_id),
        "proximity": "5000",
    }
    # The description gives /service_at_locations/{id} the schema of a service; its example
    # (service_at_location_full.json) is a service at a location, which Tissage answers.
    kinds = {
        "services": "service",
        "organizations": "organization",
        "taxonomies": "taxonomy",
        "taxonomy_terms": "taxonomy_term",
        "service_at_locations": "service_at_location",
    }
    spec = validate.schema("openapi")
    shared = spec["components"]["parameters"]
    first_ids = {}
    for url in sorted(spec["paths"], key=len):  # lists before their {id}
        operation = spec["paths"][url]["get"]
        names = [
            shared[p["$ref"].split("/")[-1]]["name"] if "$ref" in p else p["name"]
            for p in operation.get("parameters", [])
        ]
        params = {name: samples[name] for name in names if name != "postcode"}
        kind = kinds.get(url.strip("/").split("/")[0])
        if "search" in params and kind in ("taxonomy", "taxonomy_term"):
            params["search"] = {"taxonomy": "eligibility", "taxonomy_term": "1130"}[kind]
        if url == "/":
            assert validate.root_errors(get(erin, "/api/hsds/")) == []
        elif "{id}" in url:
            found = get(erin, "/api/hsds" + url.replace("{id}", first_ids[kind]), **params)
            assert validate.errors(found, kind) == [], url
        else:
            page = get(erin, "/api/hsds" + url, **params)
            assert page["contents"], (url, params)
            assert validate.errors(page, kind, page=True) == [], url
            first_ids[kind] = page["contents"][0]["id"]
    assert set(first_ids) == set(kinds.values())


@pytest.mark.urls(HERE)
def test_full_forms_nest_what_the_examples_nest(corpus, erin):
    service = get(erin, f"/api/hsds/services/{corpus['A1'].id}")
    assert service["name"] == "Dépannage alimentaire"
    assert service["organization"]["name"] == "Banque alimentaire Memphrémagog"
    assert service["service_at_locations"][0]["location"]["addresses"][0]["city"] == "Magog"
    assert [s.get("byday") for s in service["schedules"]].count("MO,TU,WE,TH,FR") == 2
    [attribute] = service["attributes"]
    assert attribute["taxonomy_term"]["code"] == "1130"
    assert attribute["taxonomy_term"]["taxonomy_detail"]["name"] == "Open Eligibility"
    assert "metadata" not in service  # the staff's history stays inside
    link = service["service_at_locations"][0]["id"]
    detail = get(erin, f"/api/hsds/service_at_locations/{link}")
    assert detail["service"]["id"] == str(corpus["A1"].id)
    organization = get(erin, f"/api/hsds/organizations/{corpus['A1'].organization_id}")
    assert [s["name"] for s in organization["services"]] == ["Dépannage alimentaire"]
    nested = get(
        erin, f"/api/hsds/organizations/{corpus['A1'].organization_id}", full_service="true"
    )
    assert nested["services"][0]["schedules"]


@pytest.mark.urls(HERE)
def test_hidden_records_stay_out_unless_staff_ask(corpus, erin):
    hidden = {"E1", "F1", "G1"}  # hidden service, service of a hidden organization, defunct
    public = get(erin, "/api/hsds/services", per_page=200)
    assert short(corpus, public) & hidden == set()
    assert {"A1", "B1", "D1", "K1"} <= short(corpus, public)
    staff = get(erin, "/api/hsds/services", per_page=200, include_hidden="true")
    assert hidden <= short(corpus, staff)
    for key in hidden:
        get(erin, f"/api/hsds/services/{corpus[key].id}", status=404)
        get(erin, f"/api/hsds/services/{corpus[key].id}", include_hidden="true")
    masked = corpus["F1"].organization_id
    get(erin, f"/api/hsds/organizations/{masked}", status=404)
    organizations = get(erin, "/api/hsds/organizations", per_page=200)
    assert "Organisme masqué" not in names(organizations)
    links = get(erin, "/api/hsds/service_at_locations", per_page=200, full="true")
    assert {link["service"]["id"] for link in links["contents"]} & {
        str(corpus[key].id) for key in hidden
    } == set()


@pytest.mark.urls(HERE)
@pytest.mark.parametrize("include_hidden", ["false", "true"])
def test_a_confidential_address_never_leaves(corpus, erin, include_hidden):
    shelter = corpus["D1"]
    answers = [
        erin.get(f"/api/hsds/services/{shelter.id}", {"include_hidden": include_hidden}),
        erin.get(
            "/api/hsds/services",
            {"full": "true", "per_page": 200, "include_hidden": include_hidden},
        ),
        erin.get(
            "/api/hsds/service_at_locations",
            {"full": "true", "per_page": 200, "include_hidden": include_hidden},
        ),
        erin.get(
            f"/api/hsds/organizations/{shelter.organization_id}",
            {"full_service": "true", "include_hidden": include_hidden},
        ),
        erin.get(
            "/api/hsds/service_at_locations",
            {
                "lat": SHELTER_POINT[0],
                "lon": SHELTER_POINT[1],
                "radius": 1,
                "include_hidden": include_hidden,
            },
        ),
    ]
    for response in answers:
        assert response.status_code == 200
        text = response.content.decode()
        assert CONFIDENTIAL_STREET not in text
        assert "Secrète" not in text and str(SHELTER_POINT[0]) not in text
        assert "J1X 1A1" not in json.dumps(_shelter_parts(response.json(), shelter))
    service = answers[0].json()
    location = service["service_at_locations"][0]["location"]
    assert location["addresses"][0]["city"] == "Magog"
    assert location["addresses"][0]["address_1"] == ""
    assert "latitude" not in location and "longitude" not in location
    # Distances to a shelter are measured from its municipality's centre, ~8 km away.
    assert answers[4].json()["total_items"] == 0


def _shelter_parts(document, shelter):
    """The parts of an answer that describe the shelter's location."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("id") in {str(loc.id) for loc in shelter.locations.all()}:
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return found


@pytest.mark.urls(HERE)
def test_filters(corpus, erin):
    assert short(corpus, get(erin, "/api/hsds/services", search="bouffe")) == {"A1", "I1", "J1"}
    food = TaxonomyTerm.objects.get(taxonomy__code="open-eligibility", code="1130")
    by_term = get(erin, "/api/hsds/services", taxonomy_term_id=str(food.id))
    assert short(corpus, by_term) == {"A1", "I1"}
    by_taxonomy = get(erin, "/api/hsds/services", taxonomy_id=str(food.taxonomy_id), per_page=200)
    assert {"A1", "I1", "B1", "C1", "D1", "J1"} <= short(corpus, by_taxonomy)
    assert "K1" not in short(corpus, by_taxonomy)  # no category
    by_organization = get(
        erin, "/api/hsds/services", organization_id=str(corpus["B1"].organization_id)
    )
    assert short(corpus, by_organization) == {"B1"}
    assert get(erin, "/api/hsds/services", modified_after="2999-01-01")["total_items"] == 0
    assert get(erin, "/api/hsds/services", modified_after="2000-01-01T00:00:00Z")["total_items"] > 0
    magog = {"lat": 45.2668, "lon": -72.1491}
    near = short(corpus, get(erin, "/api/hsds/services", radius=3, per_page=200, **magog))
    assert {"A1", "B1", "K1"} <= near and "I1" not in near
    assert "C1" in near  # serves the whole MRC of Memphrémagog from Sherbrooke
    assert "H1" in near  # serves all of Québec
    metres = short(corpus, get(erin, "/api/hsds/services", proximity=3000, per_page=200, **magog))
    assert metres == near
    # Services at a location: the location itself must be near (C1's is in Sherbrooke).
    links = get(erin, "/api/hsds/service_at_locations", radius=3, per_page=200, **magog)
    at = {item["service"]["id"] for item in links["contents"]}
    assert {str(corpus[key].id) for key in ("A1", "B1", "K1")} <= at
    assert str(corpus["C1"].id) not in at and str(corpus["I1"].id) not in at
    organizations = get(erin, "/api/hsds/organizations", search="memphremagog")
    assert names(organizations) == {"Banque alimentaire Memphrémagog"}
    top = get(erin, "/api/hsds/taxonomy_terms", top_only="true", per_page=200)
    assert all("parent_id" not in term for term in top["contents"])
    children = get(erin, "/api/hsds/taxonomy_terms", parent_id=str(food.parent_id))
    assert "1130" in {term["code"] for term in children["contents"]}


@pytest.mark.urls(HERE)
def test_a_page_costs_the_same_few_queries_whatever_its_size(corpus, erin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for size in (1, 200):
        for url, params in [
            ("/api/hsds/services", {"full": "true"}),
            ("/api/hsds/service_at_locations", {"full": "true"}),
            ("/api/hsds/organizations", {"full_service": "true"}),
        ]:
            with CaptureQueriesContext(connection) as queries:
                get(erin, url, per_page=size, **params)
            counts[(url, size)] = len(queries)
    for url in {key[0] for key in counts}:
        assert counts[(url, 200)] <= counts[(url, 1)] + 2, counts


@pytest.mark.urls(HERE)
def test_the_page_wrapper(corpus, erin):
    first = get(erin, "/api/hsds/services", per_page=2)
    total = first["total_items"]
    assert first["size"] == 2 and first["first_page"] and not first["last_page"]
    assert first["total_pages"] == -(-total // 2)
    last = get(erin, "/api/hsds/services", per_page=2, page=first["total_pages"])
    assert last["last_page"] and not last["first_page"] and not last["empty"]
    beyond = get(erin, "/api/hsds/services", per_page=2, page=99)
    assert beyond["empty"] and beyond["size"] == 0 and beyond["total_items"] == total
    assert get(erin, "/api/hsds/services", per_page=5000)["size"] == total  # at most 200
    nothing = get(erin, "/api/hsds/services", search="zzzqqq")
    assert nothing["total_items"] == 0 and nothing["empty"] and nothing["last_page"]


@pytest.mark.urls(HERE)
def test_texts_in_the_language_asked(corpus, erin):
    url = f"/api/hsds/services/{corpus['K1'].id}"
    assert get(erin, url)["name"] == "Clinique d'impôts"
    english = get(erin, url, language="en")
    assert english["name"] == "Tax clinic"
    assert english["description"] == "Free tax returns for people with a low income."
    assert get(erin, f"/api/hsds/services/{corpus['A1'].id}", language="en")["name"] == (
        "Dépannage alimentaire"  # no English name: the French one
    )
    term = get(erin, "/api/hsds/taxonomy_terms", search="1130", language="en")["contents"][0]
    assert term["language"] == "en" and term["name"] != ""
    get(erin, url, status=422, language="de")


@pytest.mark.urls(HERE)
def test_unknown_or_malformed_identifiers_are_not_found(corpus, erin):
    for kind in (
        "services",
        "organizations",
        "service_at_locations",
        "taxonomies",
        "taxonomy_terms",
    ):
        get(erin, f"/api/hsds/{kind}/x", status=404)
        get(erin, f"/api/hsds/{kind}/{uuid.uuid4()}", status=404)


@pytest.mark.urls(HERE)
def test_include_hidden_needs_the_directory_permission(corpus, client):
    """The operations are public, yet an anonymous caller asking for hidden records does not
    get them. (`can` is what the operations ask.)"""
    from django.contrib.auth.models import AnonymousUser

    from tissage.directory.hsds.api import _view

    class Request:
        user = AnonymousUser()

    assert _view(Request(), "fr", True).staff is False
    public = client.get("/api/hsds/services").json()
    asked = client.get("/api/hsds/services?include_hidden=true").json()
    assert asked["total_items"] == public["total_items"]


@pytest.mark.urls(HERE)
def test_every_operation_declares_its_rule_and_survives_the_access_matrix(corpus, users):
    """What tissage/privacy/tests/test_access_matrix.py will ask once the router is mounted:
    an ApiAccess rule with a permission, and no server error for any role with sample
    arguments ("x" for an identifier, as the matrix sends)."""
    from django.test import Client

    from tissage.accounts.roles import Role
    from tissage.conftest import ROLE_USERS
    from tissage.privacy.access import ApiAccess

    urls = []
    for path_, path_view in router.path_operations.items():
        for operation in path_view.operations:
            assert isinstance(operation.auth_param, ApiAccess), path_
            assert operation.auth_param.perm is not None, path_
            urls.append("/api/" + ("hsds/" + path_.lstrip("/")).strip("/").replace("{id}", "x"))
    assert len(urls) == 12
    for role in [None, *Role]:
        client = Client(raise_request_exception=False)
        if role is not None:
            client.force_login(users[ROLE_USERS[role]])
        for url in urls:
            assert client.get(url).status_code < 500, (role, url)


def test_the_real_api_serves_the_hsds_router(corpus, erin):
    """Passes once tissage/api.py mounts the router: api.add_router("/hsds", hsds_router)."""
    page = get(erin, "/api/hsds/services")
    assert validate.errors(page, "service", page=True) == []


def test_the_public_reads_the_hsds_api_anonymously(corpus, client):
    """Passes once the HSDS operations use a public rule (anonymous callers allowed)."""
    page = get(client, "/api/hsds/services")
    assert short(corpus, page) & {"E1", "F1", "G1"} == set()


def test_modified_after_with_any_iso_offset(corpus, erin):
    """An offset PostgreSQL refuses (+20:00) is compared in UTC; one that overflows is a 422."""
    late_offset = get(erin, "/api/hsds/services", modified_after="2000-01-01T00:00:00+20:00")
    assert late_offset["total_items"] > 0
    get(erin, "/api/hsds/services", 422, modified_after="0001-01-01T00:00:00+20:00")
