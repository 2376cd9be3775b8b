"""Two files of one person: flagged as possible duplicates, compared, merged without loss."""

import pytest
from django.urls import reverse

from tissage.directory.models import Organization
from tissage.people.models import Consent, Person, Referral
from tissage.people.tests.test_pages_people import DAY, log, make_people, term
from tissage.privacy.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(users) -> dict[str, Person]:
    return make_people()


def test_files_with_the_same_alias_year_and_municipality_are_flagged(client_for, people):
    loup, loup2 = people["loup"], people["loup2"]
    assert loup.duplicate_key == loup2.duplicate_key != ""
    page = client_for("carol").get(reverse("people:person", args=[loup.code]))
    assert list(page.context["duplicates"]) == [loup2]
    merge_link = reverse("people:merge", args=[loup.code]) + f"?other={loup2.code}"
    assert merge_link in page.content.decode()
    other = client_for("carol").get(reverse("people:person", args=[people["eloise"].code]))
    assert list(other.context["duplicates"]) == []


def test_the_choice_page_lists_the_duplicates(client_for, people):
    response = client_for("carol").get(reverse("people:merge", args=[people["loup"].code]))
    assert response.status_code == 200
    assert list(response.context["duplicates"]) == [people["loup2"]]


def test_the_confirmation_compares_both_files_side_by_side(client_for, people):
    loup, loup2 = people["loup"], people["loup2"]
    url = reverse("people:merge", args=[loup.code])
    response = client_for("carol").get(url, {"other": loup2.code})
    rows = {row["name"]: row for row in response.context["rows"]}
    assert rows["alias"]["one"] == "Ti-Loup"
    assert rows["alias"]["other"] == "TI-LOUP"
    assert not rows["alias"]["same"]
    assert rows["birth_year"]["same"]
    assert not Person.objects.filter(merged_into__isnull=False).exists()  # nothing merged yet


def test_a_merge_moves_everything_and_keeps_the_absorbed_fields(client_for, users, people):
    loup, loup2 = people["loup"], people["loup2"]
    loup2.language = term("language", "Anglais")
    loup2.first_name = "Louis"
    loup2.save()
    shared = log(loup, users["carol"])
    shared.persons.add(loup2)
    only_absorbed = log(loup2, users["dave"], types=("Médiation",))
    org = Organization.objects.create(name="CLSC de Magog")
    referral = Referral.objects.create(date=DAY, person=loup2, direction="out", organization=org)
    Consent.objects.create(person=loup2, purpose=Consent.Purpose.REFERRAL)

    url = reverse("people:merge", args=[loup.code])
    response = client_for("carol").post(url, {"other": loup2.code, "keep": loup.code})
    assert response["Location"] == reverse("people:person", args=[loup.code])

    loup.refresh_from_db()
    loup2.refresh_from_db()
    assert loup2.merged_into == loup
    assert loup2.first_name == "Louis" and loup2.alias == "TI-LOUP"  # the absorbed file stays
    assert loup.first_name == "Louis"  # an empty field took the other value
    assert loup.language.label_fr == "Anglais"
    assert loup.alias == "Ti-Loup"  # a filled one kept its own
    assert loup2.code in loup.former_codes
    assert set(loup.interventions.all()) == {shared, only_absorbed}
    assert list(shared.persons.all()) == [loup]
    referral.refresh_from_db()
    assert referral.person == loup
    assert loup.consents.count() == 1
    assert AuditEvent.objects.filter(action=Action.CHANGE, object_id=str(loup.pk)).exists()

    old = client_for("carol").get(reverse("people:person", args=[loup2.code]))
    assert old["Location"] == reverse("people:person", args=[loup.code])
    page = client_for("carol").get(reverse("people:person", args=[loup.code]))
    assert len(page.context["page"].object_list) == 3
    assert list(page.context["duplicates"]) == []


def test_the_other_file_can_be_the_kept_one(client_for, people):
    loup, loup2 = people["loup"], people["loup2"]
    url = reverse("people:merge", args=[loup.code])
    response = client_for("carol").post(url, {"other": loup2.code, "keep": loup2.code})
    assert response["Location"] == reverse("people:person", args=[loup2.code])
    loup.refresh_from_db()
    assert loup.merged_into == loup2


def test_a_file_is_not_merged_into_itself_or_an_unknown_one(client_for, people):
    loup = people["loup"]
    url = reverse("people:merge", args=[loup.code])
    for other in (loup.code, "P99999"):
        response = client_for("carol").post(url, {"other": other, "keep": loup.code})
        assert response.status_code == 200
        assert response.templates[0].name == "people/merge_choose.html"
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_the_statistics_role_cannot_merge(client_for, people):
    url = reverse("people:merge", args=[people["loup"].code])
    response = client_for("frank").post(url, {"other": people["loup2"].code})
    assert response.status_code == 403
    assert not Person.objects.filter(merged_into__isnull=False).exists()
