"""The quick entry: defaults, several persons and terms, nothing lost on errors or expiry."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tissage.accounts.models import User
from tissage.conftest import PASSWORD
from tissage.people.draft import SESSION_KEY
from tissage.people.models import Intervention, Person
from tissage.people.tests.test_pages_people import log, make_people, term
from tissage.privacy.models import Action, AuditEvent

pytestmark = pytest.mark.django_db

URL = "/personnes/intervention/nouvelle/"


@pytest.fixture
def people(users) -> dict[str, Person]:
    return make_people()


def entry(people, users, **changes) -> dict:
    data = {
        "persons": [people["loup"].code, people["eloise"].code],
        "date": "2024-03-14",
        "time": "14:35",
        "workers": [users["carol"].pk, users["dave"].pk],
        "types": [
            term("intervention_type", "Relation d'aide").pk,
            term("intervention_type", "Médiation").pk,
        ],
        "problems": [term("problem", "Santé mentale").pk, term("problem", "Logement").pk],
        "place": term("place", "Parcs").pk,
        "duration_minutes": "45",
        "notes": "Rencontré au parc.",
        "follow_up": "on",
    }
    data.update(changes)
    return data


def test_the_url_is_the_one_the_issue_names():
    assert reverse("people:quick_entry") == URL


def test_an_intervention_with_several_persons_types_and_problems(client_for, users, people):
    response = client_for("carol").post(URL, entry(people, users))
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert response["Location"] == f"{URL}?apres={intervention.pk}"
    assert intervention.date == datetime.date(2024, 3, 14)
    assert intervention.time == datetime.time(14, 35)
    assert set(intervention.persons.all()) == {people["loup"], people["eloise"]}
    assert set(intervention.workers.all()) == {users["carol"], users["dave"]}
    assert {t.label_fr for t in intervention.types.all()} == {"Relation d'aide", "Médiation"}
    assert {t.label_fr for t in intervention.problems.all()} == {"Santé mentale", "Logement"}
    assert intervention.place.label_fr == "Parcs"
    assert intervention.duration_minutes == 45
    assert intervention.notes == "Rencontré au parc."
    assert intervention.follow_up is True
    assert intervention.created_by == users["carol"]
    assert AuditEvent.objects.filter(
        action=Action.CREATE, object_type="people.intervention"
    ).exists()


def test_the_next_form_keeps_date_place_and_workers_and_links_the_saved_one(
    client_for, users, people
):
    client = client_for("carol")
    response = client.post(URL, entry(people, users), follow=True)
    form = response.context["form"]
    assert form.initial["date"] == "2024-03-14"
    assert form.initial["place"] == term("place", "Parcs").pk
    assert form.initial["workers"] == [users["carol"].pk, users["dave"].pk]
    assert form.initial["persons"] == []
    saved = Intervention.objects.get()
    body = response.content.decode()
    assert reverse("people:intervention", args=[saved.pk]) in body
    assert reverse("people:person", args=[people["loup"].code]) in body
    # Only the form right after a save takes them; the next visit starts from today.
    assert client.get(URL).context["form"].initial["date"] == timezone.localdate().isoformat()


def test_the_form_after_a_save_writes_no_session_and_shows_only_visible_interventions(
    client_for, users, people
):
    carol = client_for("carol")
    carol.post(URL, entry(people, users))
    saved = Intervention.objects.get()
    key = carol.session.session_key
    before = Session.objects.get(session_key=key).session_data
    page = carol.get(f"{URL}?apres={saved.pk}")
    assert reverse("people:intervention", args=[saved.pk]) in page.content.decode()
    assert Session.objects.get(session_key=key).session_data == before  # nothing written
    # A worker of no team, naming it in the address, learns nothing of a team's files.
    Person.objects.filter(pk__in=[p.pk for p in saved.persons.all()]).update(
        team=users["carol"].teams.first()
    )
    stranger = Client()
    stranger.force_login(User.objects.create(username="zoe", role="worker"))
    other = stranger.get(f"{URL}?apres={saved.pk}")
    assert other.context["saved"] is None
    assert reverse("people:intervention", args=[saved.pk]) not in other.content.decode()


def test_defaults_are_today_now_me_and_my_last_place(client_for, users, people):
    school = term("place", "Écoles")
    log(people["loup"], users["carol"], place=term("place", "Parcs"))
    log(people["loup"], users["carol"], place=school)
    log(people["loup"], users["dave"], place=term("place", "Hôpital"))  # not hers
    form = client_for("carol").get(URL).context["form"]
    assert form.initial["date"] == timezone.localdate().isoformat()
    assert form.initial["time"].minute % 5 == 0
    assert form.initial["workers"] == [users["carol"].pk]
    assert form.initial["place"] == school.pk


def test_a_new_person_is_created_from_an_alias(client_for, users, people):
    client = client_for("carol")
    data = entry(people, users, persons=["new:Bouboule", people["loup"].code])
    assert client.post(URL, data).status_code == 302
    new = Person.objects.get(alias="Bouboule")
    assert new.team == users["carol"].teams.get()
    assert set(Intervention.objects.get().persons.all()) == {new, people["loup"]}


def test_codes_typed_without_javascript_are_accepted(client_for, users, people):
    data = entry(people, users, persons=[], persons_text=f"{people['marie'].code.lower()}, ")
    assert client_for("carol").post(URL, data).status_code == 302
    assert list(Intervention.objects.get().persons.all()) == [people["marie"]]


def test_a_validation_error_keeps_everything_typed(client_for, users, people):
    data = entry(people, users, types=[], persons=[people["loup"].code, "new:Bouboule"])
    response = client_for("carol").post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["types"]
    assert not Intervention.objects.exists() and not Person.objects.filter(alias="Bouboule")
    body = response.content.decode()
    # The chips come back as selected options, the rest as typed.
    assert f'<option value="{people["loup"].code}" selected>' in body
    assert '<option value="new:Bouboule" selected>' in body
    assert "Rencontré au parc." in body
    assert 'value="45"' in body
    assert f'<option value="{term("problem", "Logement").pk}" selected' in body
    assert 'aria-describedby="id_types_error"' in body


def test_an_unknown_code_is_an_error_not_a_silent_drop(client_for, users, people):
    data = entry(people, users, persons=[], persons_text="P99999")
    response = client_for("carol").post(URL, data)
    assert response.status_code == 200
    assert "persons_text" in response.context["form"].errors


def test_at_least_one_person(client_for, users, people):
    response = client_for("carol").post(URL, entry(people, users, persons=[]))
    assert "persons" in response.context["form"].errors


def test_opening_from_a_file_picks_its_person(client_for, people):
    form = client_for("carol").get(URL, {"person": people["loup"].code}).context["form"]
    assert form.initial["persons"] == [people["loup"].code]


def test_an_expired_session_loses_nothing(users, people):
    """Carol opens the form, her session ends, she saves: she signs in and finds it all."""
    client = Client()
    client.force_login(users["carol"])
    client.get(URL)  # marks this browser as carol's
    client.cookies.pop("sessionid")  # thirty idle minutes later, the cookie is gone

    data = entry(people, users)
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert response["Location"].endswith("?next=" + URL)
    assert not Intervention.objects.exists()

    login = client.get(response["Location"])
    assert [m.level_tag for m in login.context["messages"]] == ["warning"]
    response = client.post(
        response["Location"], {"username": "carol", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == URL
    form = response.context["form"]
    assert form.data.getlist("persons") == data["persons"]
    assert form.data["notes"] == "Rencontré au parc."
    assert form.data.getlist("problems") == [str(pk) for pk in data["problems"]]
    assert "csrfmiddlewaretoken" not in form.data
    assert SESSION_KEY not in client.session  # given back once
    assert [m.level_tag for m in response.context["messages"]] == ["info"]

    assert client.post(URL, dict(form.data.lists())).status_code == 302
    assert Intervention.objects.get().notes == "Rencontré au parc."


def test_a_draft_goes_back_to_its_author_only(users, people):
    client = Client()
    client.force_login(users["carol"])
    client.get(URL)
    client.cookies.pop("sessionid")
    response = client.post(URL, entry(people, users))
    response = client.post(
        response["Location"], {"username": "dave", "password": PASSWORD}, follow=True
    )
    form = response.context["form"]
    assert not form.is_bound
    assert SESSION_KEY not in client.session


def test_the_quick_entry_requires_the_right_to_edit(client_for, users):
    assert client_for("frank").get(URL).status_code == 403
    assert client_for("frank").post(URL, {}).status_code == 403
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302


def test_an_intervention_is_changed_with_the_same_form(client_for, users, people):
    client = client_for("carol")
    client.post(URL, entry(people, users))
    intervention = Intervention.objects.get()
    url = reverse("people:intervention_edit", args=[intervention.pk])
    data = entry(people, users, persons=[people["marie"].code], duration_minutes="60")
    assert client.post(url, data).status_code == 302
    intervention.refresh_from_db()
    assert list(intervention.persons.all()) == [people["marie"]]
    assert intervention.duration_minutes == 60
    event = AuditEvent.objects.get(action=Action.CHANGE, object_type="people.intervention")
    assert event.fields == ["duration_minutes", "persons"]


def test_a_former_code_logs_on_the_kept_file(client_for, users, people):
    from tissage.people.actions import do_merge_persons

    do_merge_persons(None, people["loup2"], people["loup"])
    data = entry(people, users, persons=[people["loup2"].code])
    assert client_for("carol").post(URL, data).status_code == 302
    assert list(Intervention.objects.get().persons.all()) == [people["loup"]]
