"""Search on a corpus whose answers are known. The suite runs on SQLite and on PostgreSQL:
each expected set below is asserted on both, so both back ends give the same results."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from tissage.directory import indexing
from tissage.directory.models import (
    Address,
    Location,
    Organization,
    SearchEntry,
    SearchHint,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from tissage.directory.search import search
from tissage.directory.tests.corpus import SHELTER_POINT, build_corpus, indexed_words, names

QUEBEC = ZoneInfo("America/Toronto")


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_corpus()
        yield built
        with transaction.atomic():
            Organization.objects.filter(
                id__in=[service.organization_id for service in built.values()]
            ).delete()


def found(corpus, query="", **options):
    return names(search(query, per_page=100, **options), corpus)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bouffe", {"A1", "I1", "J1"}),  # a hint of "Food", inherited by its sub-categories
        ("BOUFFE", {"A1", "I1", "J1"}),
        ("santé mentale", {"C1", "H1"}),
        ("sante mentale", {"C1", "H1"}),
        ("SANTÉ MENTALES", {"C1", "H1"}),
        ("logements", {"B1"}),  # plural finds the singular; the hidden F1 stays hidden
        ("logement", {"B1"}),
        ("log", {"B1"}),  # prefix
        ("dépannage", {"A1"}),  # E1 is hidden, G1 defunct
        ("Tax", {"K1"}),  # English name
        ("d'alimentation", {"A1", "I1", "J1"}),  # FTS5 syntax in raw text is harmless
        ('"paniers" OR nourriture*', {"A1", "I1"}),  # both words, via the hints of 1130
        ("Sorel-Tracy", set()),
        ("zzz", set()),
        ("zpub", set()),  # filter tokens are not words
        ("zsq zact", set()),
    ],
)
def test_keywords_ignore_accents_case_and_french_forms(corpus, query, expected):
    assert found(corpus, query) == expected


def test_staff_search_sees_hidden_and_defunct_records(corpus):
    assert found(corpus, "logement", public_only=False) == {"B1", "F1"}
    assert found(corpus, "dépannage", public_only=False) == {"A1", "E1"}
    assert found(corpus, "soupe", public_only=False) == {"G1"}


@pytest.mark.parametrize(
    ("near", "radius", "expected"),
    [
        ("Magog", 5, {"A1", "B1", "D1", "K1", "C1", "H1"}),
        ("magog", 5, {"A1", "B1", "D1", "K1", "C1", "H1"}),
        ("Magog, QC", 5, {"A1", "B1", "D1", "K1", "C1", "H1"}),
        ("Austin", 10, {"J1", "C1", "H1"}),  # C1 serves the whole MRC from Sherbrooke
        ("Sherbrooke", 10, {"C1", "H1"}),  # Sherbrooke is not in Memphrémagog: C1 by distance
        ("45.5088, -73.5878", 5, {"I1", "H1"}),
    ],
)
def test_near_a_place_and_coverage(corpus, near, radius, expected):
    assert found(corpus, near=near, radius_km=radius) == expected


def test_keywords_near_a_place_rank_by_relevance_and_distance(corpus):
    results = search("bouffe", near="Magog", radius_km=200, per_page=10)
    assert [hit.service.id for hit in results.hits][:2] == [corpus["A1"].id, corpus["J1"].id]
    a1, j1 = results.hits[0], results.hits[1]
    assert a1.distance_km < 0.1 and not a1.approximate
    assert 12 < j1.distance_km < 16 and j1.approximate  # Austin's centre, no coordinates given
    assert results.hits[-1].service.id == corpus["I1"].id  # Montréal comes last
    assert results.total == 3


def test_a_service_at_several_places_is_near_each_of_them(corpus):
    clinic = corpus["K1"]  # in Magog; a second office in Montréal
    office = Location.objects.create(
        organization=clinic.organization, name="Comptoir", latitude=45.5150, longitude=-73.5750
    )
    Address.objects.create(location=office, address_1="1, rue Sainte-Catherine", city="Montréal")
    ServiceAtLocation.objects.create(service=clinic, location=office)
    assert SearchEntry.objects.get(service=clinic).points.count() == 2  # nearest in SQL
    assert found(corpus, "tax", near="Montréal", radius_km=5) == {"K1"}
    assert found(corpus, "tax", near="Magog", radius_km=5) == {"K1"}
    (hit,) = search("tax", near="45.5088, -73.5878", radius_km=5).hits
    assert hit.distance_km < 2 and hit.municipality == "Montréal"
    assert found(corpus, "tax", near="Sherbrooke", radius_km=10) == set()


def test_a_confidential_location_counts_from_its_municipality_centre(corpus):
    results = search("femmes", near="Magog", radius_km=5)
    (hit,) = results.hits
    assert hit.service.id == corpus["D1"].id
    assert hit.approximate and hit.distance_km < 0.5  # not the ~10 km of its real address
    points = corpus["D1"].search_entry.points.all()
    assert [(p.latitude, p.longitude) for p in points] != [SHELTER_POINT]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"municipality": "Magog"}, {"A1", "B1", "D1", "K1", "C1", "H1"}),
        ({"mrc": "Memphrémagog"}, {"A1", "B1", "D1", "K1", "J1", "C1", "H1"}),
        ({"mrc": "memphremagog"}, {"A1", "B1", "D1", "K1", "J1", "C1", "H1"}),
        ({"region": "05"}, {"A1", "B1", "C1", "D1", "H1", "J1", "K1"}),
        ({"region": "6"}, {"I1", "H1"}),
        ({"language": "es"}, {"I1"}),
        ({"language": "en"}, {"A1", "C1", "H1"}),
    ],
)
def test_filters_by_place_and_language(corpus, options, expected):
    assert found(corpus, **options) == expected


def test_filter_by_category_includes_sub_categories(corpus):
    food = TaxonomyTerm.objects.get(taxonomy__code="open-eligibility", code="1102")
    pantry = TaxonomyTerm.objects.get(taxonomy__code="open-eligibility", code="1130")
    assert found(corpus, categories=[food.id]) == {"A1", "I1", "J1"}
    assert found(corpus, categories=[str(pantry.id)]) == {"A1", "I1"}
    assert found(corpus, "plateau", categories=[pantry.id]) == {"I1"}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime.datetime(2024, 6, 3, 10, 0), {"A1", "D1", "H1"}),  # Monday morning
        (datetime.datetime(2024, 6, 3, 12, 30), {"D1", "H1"}),  # lunch break
        (datetime.datetime(2024, 6, 3, 15, 59), {"A1", "B1", "D1", "H1"}),
        (datetime.datetime(2024, 6, 4, 19, 0), {"C1", "D1", "H1"}),  # Tuesday evening
        (datetime.datetime(2024, 6, 8, 9, 30), {"J1", "D1", "H1"}),  # Saturday
        (datetime.datetime(2024, 12, 25, 10, 0), {"D1", "H1"}),  # holiday closure of A1
        (datetime.datetime(2024, 3, 15, 11, 0), {"A1", "K1", "D1", "H1"}),  # K1's special day
        (datetime.datetime(2024, 3, 15, 15, 0), {"A1", "B1", "D1", "H1"}),
    ],
)
def test_open_now(corpus, moment, expected):
    assert found(corpus, open_now=True, now=moment.replace(tzinfo=QUEBEC)) == expected


def test_open_now_in_sql_agrees_with_the_python_rules(corpus):
    from tissage.directory.hours import service_is_open

    public = [key for key in corpus if corpus[key].is_public]
    start = datetime.datetime(2024, 6, 2, 0, 30, tzinfo=QUEBEC)
    for step in range(0, 7 * 24, 5):  # every 5 hours over a week
        moment = start + datetime.timedelta(hours=step)
        by_python = {key for key in public if service_is_open(corpus[key], moment)}
        assert found(corpus, open_now=True, now=moment) == by_python, moment


def test_unknown_places_say_so(corpus):
    results = search("", near="Nulle-Part-sur-Mer")
    assert results.unknown_place == "Nulle-Part-sur-Mer" and results.total == 0
    assert search("", municipality="Atlantide").unknown_place == "Atlantide"


def test_pages_and_totals(corpus):
    first = search("", region="05", per_page=3, page=1)
    second = search("", region="05", per_page=3, page=3)
    assert first.total == second.total == 7
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert search("", region="05", per_page=3, page=9).total == 7
    listing = search("", per_page=50)
    assert listing.total == SearchEntry.objects.filter(public=True).count()


def test_the_index_follows_changes(corpus):
    service = Service.objects.get(pk=corpus["B1"].pk)
    service.name = "Habitations à loyer modique"
    service.save()
    assert "B1" in found(corpus, "habitations")
    SearchHint.objects.create(service=service, text="appartement pas cher")
    assert found(corpus, "pas cher") == {"B1"}
    service.public = False
    service.save()
    assert "B1" not in found(corpus, "habitations")
    assert "B1" in found(corpus, "habitations", public_only=False)


def test_a_term_hint_reaches_the_services_below_it(corpus):
    food = TaxonomyTerm.objects.get(taxonomy__code="open-eligibility", code="1102")
    SearchHint.objects.create(term=food, text="miam")
    assert found(corpus, "miam") == {"A1", "I1", "J1"}


def test_deleting_a_service_or_an_organization_empties_its_entries(corpus):
    org = Organization.objects.create(name="Éphémère")
    service = Service.objects.create(organization=org, name="Service éphémère")
    assert found(corpus, "éphémère") == {"Service éphémère"}
    with transaction.atomic():
        org.delete()
    assert found(corpus, "éphémère") == set()
    assert not SearchEntry.objects.filter(service_id=service.id).exists()


def test_reindex_all_rebuilds_the_same_entries(corpus):
    before = indexed_words()
    assert all(any(words) for words in before.values())
    SearchEntry.objects.all().delete()
    assert found(corpus, "bouffe") == set()
    indexing.reindex_all()
    assert indexed_words() == before
    assert found(corpus, "bouffe") == {"A1", "I1", "J1"}


def test_the_full_text_index_is_the_databases_own(corpus):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM directory_searchentry_fts "
                "WHERE directory_searchentry_fts MATCH 'tags : zpub'"
            )
        else:  # filter tokens and keywords in two tsvectors (migration 0009)
            cursor.execute(
                "SELECT count(*) FROM directory_searchentry "
                "WHERE tsv_tags @@ to_tsquery('fr_unaccent', 'zpub') "
                "AND NOT tsv_words @@ to_tsquery('fr_unaccent', 'zpub')"
            )
        assert cursor.fetchone()[0] == SearchEntry.objects.filter(public=True).count()
