"""The people home, files, lists and their filters, referrals, autocompletion."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tissage.directory.models import Organization
from tissage.people.models import Consent, Intervention, Person, Referral
from tissage.privacy.models import Action, AuditEvent
from tissage.vocabularies.models import Term

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 14)


def term(vocabulary: str, label_fr: str) -> Term:
    return Term.objects.of(vocabulary).get(label_fr=label_fr)


def make_people() -> dict[str, Person]:
    """A few files as workers know them: by an alias mostly, one by name, two duplicates."""
    magog = term("municipality", "Magog")
    man = term("gender", "Homme")
    make = Person.objects.create
    return {
        "loup": make(alias="Ti-Loup", birth_year=1985, municipality=magog, gender=man),
        "eloise": make(alias="Éloïse", birth_year=1990),
        "marie": make(first_name="Marie", last_name="Tremblay"),
        "loup2": make(alias="TI-LOUP", birth_year=1985, municipality=magog),
    }


def log(person: Person, worker, *, date=DAY, types=("Relation d'aide",), **fields) -> Intervention:
    intervention = Intervention.objects.create(date=date, **fields)
    intervention.persons.add(person)
    intervention.workers.add(worker)
    intervention.types.set([term("intervention_type", label) for label in types])
    return intervention


@pytest.fixture
def people(users) -> dict[str, Person]:
    return make_people()


class TestHome:
    def test_it_shows_my_recent_work_follow_ups_and_duplicates(self, client_for, users, people):
        carol = users["carol"]
        log(people["loup"], carol, follow_up=True, place=term("place", "Parcs"))
        log(people["marie"], users["dave"])
        response = client_for("carol").get(reverse("people:index"))
        assert response.status_code == 200
        assert [i.persons.get().code for i in response.context["recent"]] == [people["loup"].code]
        assert list(response.context["follow_up"]) == [people["loup"]]
        assert response.context["duplicate_count"] == 1
        body = response.content.decode()
        assert reverse("people:quick_entry") in body
        assert "/personnes/importer/" in body

    def test_the_statistics_role_is_refused(self, client_for, users):
        assert client_for("frank").get(reverse("people:index")).status_code == 403


class TestPersonPage:
    def test_it_shows_the_file_and_records_the_read(self, client_for, users, people):
        loup = people["loup"]
        log(loup, users["carol"], notes="A" * 400)
        org = Organization.objects.create(name="CLSC de Magog")
        Referral.objects.create(date=DAY, person=loup, direction="out", organization=org)
        Consent.objects.create(person=loup, purpose=Consent.Purpose.SERVICES)
        response = client_for("carol").get(reverse("people:person", args=[loup.code]))
        assert response.status_code == 200
        kinds = [kind for kind, _item in response.context["page"].object_list]
        assert sorted(kinds) == ["intervention", "referral"]
        assert list(response.context["duplicates"]) == [people["loup2"]]
        body = response.content.decode()
        assert "CLSC de Magog" in body
        assert "A" * 400 not in body  # notes are truncated in the timeline
        event = AuditEvent.objects.get(action=Action.READ, object_type="people.person")
        assert event.object_id == str(loup.pk)
        assert event.username == "carol"

    def test_the_timeline_is_newest_first_and_paginated(self, client_for, users, people):
        loup = people["loup"]
        for day in range(30):
            log(loup, users["carol"], date=DAY - datetime.timedelta(days=day))
        url = reverse("people:person", args=[loup.code])
        first = client_for("carol").get(url).context["page"]
        dates = [item.date for _kind, item in first.object_list]
        assert dates == sorted(dates, reverse=True)
        assert dates[0] == DAY
        assert first.paginator.num_pages == 2
        second = client_for("carol").get(url + "?page=2").context["page"]
        assert len(second.object_list) == 5

    def test_a_merged_code_redirects_to_the_kept_file(self, client_for, people):
        from tissage.people.actions import do_merge_persons

        do_merge_persons(None, people["loup2"], people["loup"])
        response = client_for("carol").get(reverse("people:person", args=[people["loup2"].code]))
        assert response.status_code == 302
        assert response["Location"] == reverse("people:person", args=[people["loup"].code])

    def test_an_unknown_code_is_not_found(self, client_for, users):
        assert client_for("carol").get("/personnes/P99999/").status_code == 404

    def test_the_import_path_is_not_taken_for_a_code(self):
        from django.urls import resolve

        assert resolve("/personnes/importe/").url_name == "person"
        assert resolve("/personnes/P00001/").url_name == "person"
        assert resolve("/personnes/importer/").url_name == "import_start"


class TestPersonForms:
    def test_a_new_file_needs_only_an_alias(self, client_for, users):
        client = client_for("carol")
        form = client.get(reverse("people:person_new")).context["form"]
        assert form.initial["team"] == users["carol"].teams.get().pk  # her only team
        response = client.post(reverse("people:person_new"), {"alias": "Bouboule"})
        person = Person.objects.get(alias="Bouboule")
        assert response["Location"] == reverse("people:person", args=[person.code])
        assert person.code.startswith("P")
        assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(person.pk)).exists()

    def test_a_file_without_alias_or_name_is_refused(self, client_for, users):
        response = client_for("carol").post(reverse("people:person_new"), {"birth_year": "1980"})
        assert response.status_code == 200
        assert response.context["form"].errors["alias"]
        assert not Person.objects.exists()

    def test_the_change_is_audited_with_field_names_only(self, client_for, people):
        loup = people["loup"]
        url = reverse("people:person_edit", args=[loup.code])
        form = client_for("carol").get(url).context["form"]
        data = {name: value for name, value in form.initial.items() if value is not None}
        data["newcomer"] = "unknown"
        data |= {"country_of_origin": "Haïti", "language": term("language", "Créole haïtien").pk}
        response = client_for("carol").post(url, data)
        assert response.status_code == 302
        loup.refresh_from_db()
        assert loup.country_of_origin == "Haïti"
        event = AuditEvent.objects.get(action=Action.CHANGE, object_id=str(loup.pk))
        assert event.fields == ["country_of_origin", "language"]

    def test_selects_offer_active_terms_and_keep_a_retired_current_one(self, client_for, people):
        retired = term("language", "Mandarin")
        retired.active = False
        retired.save()
        other = term("language", "Ukrainien")
        other.active = False
        other.save()
        loup = people["loup"]
        loup.language = retired
        loup.save()
        form = (
            client_for("carol").get(reverse("people:person_edit", args=[loup.code])).context["form"]
        )
        languages = set(form.fields["language"].queryset)
        assert retired in languages and other not in languages
        assert all(t.vocabulary.code == "language" for t in languages)

    def test_a_consent_is_recorded(self, client_for, people):
        loup = people["loup"]
        url = reverse("people:consent_add", args=[loup.code])
        client_for("carol").post(url, {"purpose": "referral", "given_on": "2024-03-01"})
        consent = loup.consents.get()
        assert consent.purpose == "referral"
        assert consent.given_on == datetime.date(2024, 3, 1)


class TestReferrals:
    def test_a_referral_to_a_new_organization_adds_it_to_the_directory(self, client_for, people):
        loup = people["loup"]
        Organization.objects.create(name="CLSC de Magog")
        url = reverse("people:referral_new", args=[loup.code])
        data = {"direction": "out", "date": "2024-03-10", "organization_name": "clsc  de MAGOG"}
        client_for("carol").post(url, data | {"reason": "Logement", "outcome": "pending"})
        client_for("carol").post(
            url, data | {"organization_name": "Maison  Alice", "outcome": "done"}
        )
        referrals = Referral.objects.order_by("pk")
        assert [r.organization.name for r in referrals] == ["CLSC de Magog", "Maison Alice"]
        assert Organization.objects.count() == 2
        assert referrals[0].reason == "Logement" and referrals[1].outcome == "done"

    def test_the_outcome_changes_and_is_audited(self, client_for, people):
        org = Organization.objects.create(name="CLSC de Magog")
        referral = Referral.objects.create(
            date=DAY, person=people["loup"], direction="in", organization=org
        )
        url = reverse("people:referral_outcome", args=[referral.pk])
        response = client_for("carol").post(url, {"outcome": "not_reached"})
        assert response.status_code == 302
        referral.refresh_from_db()
        assert referral.outcome == "not_reached"
        assert AuditEvent.objects.get(
            action=Action.CHANGE, object_type="people.referral"
        ).fields == ["outcome"]

    def test_the_list_filters_by_direction_outcome_organization_and_period(
        self, client_for, people
    ):
        clsc = Organization.objects.create(name="CLSC de Magog")
        alice = Organization.objects.create(name="Maison Alice")
        person = people["loup"]
        make = Referral.objects.create
        expected = make(date=DAY, person=person, direction="out", organization=clsc)
        make(date=DAY, person=person, direction="in", organization=clsc)
        make(date=DAY, person=person, direction="out", organization=alice)
        make(date=DAY, person=person, direction="out", organization=clsc, outcome="done")
        make(date=DAY.replace(year=2022), person=person, direction="out", organization=clsc)
        query = "?direction=out&outcome=pending&organization=clsc&start=2024-01-01&end=2024-12-31"
        page = client_for("carol").get(reverse("people:referrals") + query).context["page"]
        assert list(page.object_list) == [expected]


class TestLists:
    def test_the_persons_list_searches_without_accents_and_filters(self, client_for, people):
        url = reverse("people:persons")
        found = client_for("carol").get(url + "?q=eloise").context["page"].object_list
        assert [p.code for p in found] == [people["eloise"].code]
        found = client_for("carol").get(url + "?q=marie+trem").context["page"].object_list
        assert [p.code for p in found] == [people["marie"].code]
        gender = term("gender", "Homme").pk
        found = client_for("carol").get(f"{url}?gender={gender}").context["page"].object_list
        assert [p.code for p in found] == [people["loup"].code]

    def test_the_interventions_list_shows_each_ones_persons_types_problems_and_workers(
        self, client_for, users, people
    ):
        carol, dave = users["carol"], users["dave"]
        carol.first_name, carol.last_name = "Carole", "Lebrun"
        carol.save()
        types = ("Accompagnement dans une démarche", "Relation d'aide")
        both = log(people["marie"], carol, types=types)
        both.persons.add(people["loup"])
        both.workers.add(dave)
        both.problems.add(term("problem", "Santé mentale"), term("problem", "Logement"))
        bare = Intervention.objects.create(date=DAY - datetime.timedelta(days=1))
        response = client_for("bob").get(reverse("people:interventions"))
        rows = {item.pk: item.listed for item in response.context["page"].object_list}
        loup = people["loup"].code
        # in the order of the models (persons by code, entries by their list's order)
        assert rows[both.pk] == {
            "persons": [person.code for person in both.persons.all()],
            "types": [entry.label for entry in both.types.all()],
            "problems": [entry.label for entry in both.problems.all()],
            "workers": ["Carole Lebrun", "dave"],  # full name, else the user name
        }
        assert rows[both.pk]["types"] == ["Relation d'aide", "Accompagnement dans une démarche"]
        assert len(rows[both.pk]["persons"]) == 2
        assert rows[bare.pk] == {"persons": [], "types": [], "problems": [], "workers": []}
        body = response.content.decode()
        assert f'<a href="{reverse("people:person", args=[loup])}">{loup}</a>' in body
        assert "Carole Lebrun, dave" in body
        users["bob"].language = "en"
        users["bob"].save()
        english = client_for("bob").get(reverse("people:interventions")).content.decode()
        assert "Supportive counselling; Accompaniment through a process" in english

    def test_the_persons_list_counts_each_files_interventions_and_last_date(
        self, client_for, users, people
    ):
        carol = users["carol"]
        log(people["loup"], carol, date=datetime.date(2024, 1, 5))
        log(people["loup"], carol, date=datetime.date(2024, 2, 9))
        shared = log(people["eloise"], carol, date=datetime.date(2023, 12, 1))
        shared.persons.add(people["loup"])
        listed = client_for("carol").get(reverse("people:persons")).context["page"].object_list
        shown = {p.code: (p.intervention_count, p.last_seen) for p in listed}
        for person in people.values():
            if person.code not in shown:
                continue
            links = Intervention.persons.through.objects.filter(person=person)
            dates = [link.intervention.date for link in links]
            assert shown[person.code] == (len(dates), max(dates, default=None))
        assert shown[people["loup"].code][0] >= 3
        assert shown[people["marie"].code] == (0, None)  # no intervention: 0, not blank

    def test_the_interventions_list_filters(self, client_for, users, people):
        carol, dave = users["carol"], users["dave"]
        park = term("place", "Parcs")
        wanted = log(people["loup"], carol, types=("Médiation",), place=park, follow_up=True)
        wanted.problems.add(term("problem", "Logement"))
        log(people["loup"], dave, types=("Médiation",), place=park, follow_up=True)
        log(people["loup"], carol, types=("Relation d'aide",), place=park, follow_up=True)
        log(people["marie"], carol, types=("Médiation",), place=park, follow_up=False)
        log(people["loup"], carol, date=DAY.replace(year=2020), types=("Médiation",), place=park)
        params = {
            "worker": carol.pk,
            "start": "2024-01-01",
            "end": "2024-12-31",
            "type": term("intervention_type", "Médiation").pk,
            "place": park.pk,
            "follow_up": "yes",
        }
        response = client_for("carol").get(reverse("people:interventions"), params)
        assert list(response.context["page"].object_list) == [wanted]
        params["problem"] = term("problem", "Logement").pk
        response = client_for("carol").get(reverse("people:interventions"), params)
        assert list(response.context["page"].object_list) == [wanted]
        body = response.content.decode()
        assert people["loup"].code in body and "Ti-Loup" not in body  # codes, not names

    @pytest.mark.parametrize("name", ["people:interventions", "people:persons", "people:referrals"])
    def test_the_query_count_does_not_grow_with_the_rows(self, client_for, users, name):
        client = client_for("carol")
        org = Organization.objects.create(name="CLSC")

        def add(count: int) -> None:
            for _ in range(count):
                person = Person.objects.create(alias="X")
                intervention = log(person, users["carol"], place=term("place", "Parcs"))
                intervention.workers.add(users["dave"])
                intervention.problems.add(term("problem", "Logement"))
                Referral.objects.create(date=DAY, person=person, direction="out", organization=org)

        add(5)
        client.get(reverse(name))  # the first page of a session also creates the profile
        with CaptureQueriesContext(connection) as few:
            assert client.get(reverse(name)).status_code == 200
        add(55)
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse(name))
        assert len(response.context["page"].object_list) == 50
        assert len(many) == len(few), "\n".join(q["sql"][:150] for q in many.captured_queries)

    def test_the_intervention_page_records_the_read_and_its_change_page_opens(
        self, client_for, users, people
    ):
        intervention = log(people["loup"], users["carol"], notes="Confidentiel")
        client = client_for("carol")
        response = client.get(reverse("people:intervention", args=[intervention.pk]))
        assert "Confidentiel" in response.content.decode()
        assert AuditEvent.objects.filter(
            action=Action.READ, object_type="people.intervention"
        ).exists()
        edit = client.get(reverse("people:intervention_edit", args=[intervention.pk]))
        assert edit.context["form"].initial["persons"] == [people["loup"].code]

    def test_the_duplicates_page_groups_the_files(self, client_for, people):
        response = client_for("carol").get(reverse("people:duplicates"))
        groups = response.context["groups"]
        assert [{p.pk for p in group} for group in groups] == [
            {people["loup"].pk, people["loup2"].pk}
        ]


class TestAutocompletion:
    def test_it_finds_by_alias_code_or_name_without_accents(self, client_for, people):
        url = reverse("people:person_suggestions")
        client = client_for("carol")
        values = [r["value"] for r in client.get(url, {"q": "ELOI"}).json()["results"]]
        assert values == [people["eloise"].code]
        values = [r["value"] for r in client.get(url, {"q": "loup"}).json()["results"]]
        assert set(values) == {people["loup"].code, people["loup2"].code}
        values = [
            r["value"] for r in client.get(url, {"q": people["marie"].code}).json()["results"]
        ]
        assert values[0] == people["marie"].code

    def test_it_answers_at_most_ten_current_files(self, client_for, people):
        for number in range(15):
            Person.objects.create(alias=f"Loupiot {number}")
        from tissage.people.actions import do_merge_persons

        do_merge_persons(None, people["loup2"], people["loup"])
        results = client_for("carol").get(reverse("people:person_suggestions"), {"q": "loup"})
        values = [r["value"] for r in results.json()["results"]]
        assert len(values) == 10
        assert people["loup2"].code not in values
        assert values[0] == people["loup"].code  # starts with what was typed, lowest code

    def test_the_statistics_role_gets_nothing(self, client_for, people):
        response = client_for("frank").get(reverse("people:person_suggestions"), {"q": "loup"})
        assert response.status_code == 403
        assert "Loup" not in response.content.decode()

    def test_organizations_are_suggested_by_name(self, client_for, users):
        Organization.objects.create(name="CLSC de Magog")
        Organization.objects.create(name="Écho des femmes")
        response = client_for("carol").get(
            reverse("people:organization_suggestions"), {"q": "echo"}
        )
        assert [r["value"] for r in response.json()["results"]] == ["Écho des femmes"]


class TestDataQualityFilters:
    """The data-quality panel of the reports links to these filtered lists."""

    def test_persons_without_gender_met_in_a_span(self, client_for):
        from datetime import date

        from tissage.people.models import Intervention, Person

        met = Person.objects.create(alias="Sans genre")
        Person.objects.create(alias="Jamais rencontré")
        intervention = Intervention.objects.create(date=date(2024, 5, 1))
        intervention.persons.add(met)
        response = client_for("carol").get(
            "/personnes/liste/?missing=gender&start=2024-04-01&end=2024-06-30"
        )
        body = response.content.decode()
        assert met.code in body
        assert "Jamais rencontré" not in body

    def test_interventions_without_problem_area(self, client_for):
        from datetime import date

        from tissage.people.models import Intervention
        from tissage.vocabularies.models import Term

        bare = Intervention.objects.create(date=date(2024, 5, 1))
        tagged = Intervention.objects.create(date=date(2024, 5, 2))
        tagged.problems.add(Term.objects.of("problem").first())
        response = client_for("carol").get("/personnes/interventions/?missing=problem")
        body = response.content.decode()
        assert f"/personnes/interventions/{bare.pk}/" in body
        assert f"/personnes/interventions/{tagged.pk}/" not in body
