import pytest
from django.test import Client
from django.urls import reverse

from tissage.accounts.models import OrganizationProfile
from tissage.conftest import PASSWORD
from tissage.privacy.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


class TestLogin:
    def test_it_greets_in_french_even_when_the_browser_asks_for_english(self):
        response = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en")
        assert response.status_code == 200
        assert 'lang="fr-CA"' in response.content.decode()
        assert "Connexion" in response.content.decode()

    def test_it_signs_in_and_lands_on_home(self, users):
        client = Client()
        response = client.post(
            reverse("accounts:login"), {"username": "carol", "password": PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("home")
        assert "Bienvenue" in response.content.decode()
        assert AuditEvent.objects.filter(action=Action.LOGIN, username="carol").exists()

    def test_a_failed_sign_in_is_audited_without_the_password(self, users):
        response = Client().post(
            reverse("accounts:login"), {"username": "carol", "password": "mauvais-secret"}
        )
        assert response.status_code == 200
        assert "incorrect" in response.content.decode()
        event = AuditEvent.objects.get(action=Action.LOGIN_FAILED)
        assert event.username == "carol"
        assert "mauvais-secret" not in str(event.fields) + event.object_id

    def test_anonymous_users_are_sent_to_the_login_page(self):
        response = Client().get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestLanguage:
    def test_english_works_and_is_remembered_in_the_profile(self, users, client_for):
        client = client_for("carol")
        response = client.post(
            reverse("accounts:set_language"), {"language": "en", "next": "/"}, follow=True
        )
        body = response.content.decode()
        assert 'lang="en"' in body
        assert "Welcome" in body
        users["carol"].refresh_from_db()
        assert users["carol"].language == "en"

    def test_the_profile_language_applies_at_the_next_sign_in(self, users):
        users["dave"].language = "en"
        users["dave"].save()
        client = Client()
        client.force_login(users["dave"])
        assert "Welcome" in client.get(reverse("home")).content.decode()

    def test_it_refuses_to_redirect_elsewhere(self, users):
        response = Client().post(
            reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example"}
        )
        assert response["Location"] == "/"


class TestHome:
    def test_it_shows_only_the_capabilities_of_the_role(self, client_for):
        body = client_for("frank").get(reverse("home")).content.decode()
        assert "Rapports" in body
        assert reverse("people:index") not in body
        body = client_for("carol").get(reverse("home")).content.decode()
        assert reverse("people:index") in body

    def test_every_capability_has_a_place_for_the_administrator(self, client_for):
        body = client_for("alice").get(reverse("home")).content.decode()
        for name in [
            "people",
            "reports",
            "directory",
            "contacts",
            "programs",
            "activities",
            "members",
            "orglife",
            "privacy",
        ]:
            assert reverse(f"{name}:index") in body


class TestOrganizationProfile:
    def test_it_saves_and_audits_the_change(self, client_for):
        client = client_for("alice")
        response = client.post(
            reverse("accounts:organization"),
            {
                "name": "Maison des jeunes",
                "region": "05",
                "fiscal_year_start_month": "7",
                "languages": "Français",
                "privacy_officer": "",
                "privacy_officer_email": "",
            },
        )
        assert response.status_code == 302
        profile = OrganizationProfile.current()
        assert profile.fiscal_year_start_month == 7
        event = AuditEvent.objects.get(object_type="accounts.organizationprofile")
        assert "fiscal_year_start_month" in event.fields

    def test_the_default_fiscal_year_starts_in_april(self):
        assert OrganizationProfile.current().fiscal_year_start_month == 4

    def test_a_bad_month_is_refused_in_french(self, client_for):
        response = client_for("alice").post(
            reverse("accounts:organization"),
            {"name": "X", "fiscal_year_start_month": "13", "languages": "Français"},
        )
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in response.content.decode()


class TestRoleChanges:
    def test_a_role_change_is_audited_with_who_did_it(self, users, client_for):
        carol = users["carol"]
        carol.role = "statistics"
        carol.save()
        events = AuditEvent.objects.filter(
            action=Action.PERMISSION_CHANGE, object_id=str(carol.pk)
        ).values_list("fields", flat=True)
        assert sorted(events) == [["role"], ["teams"]]  # teams were set by the fixture

    def test_only_administrators_are_staff(self, users):
        assert users["alice"].is_staff
        assert not users["bob"].is_staff


def test_health_check_answers_without_a_session():
    assert Client().get(reverse("health")).content == b"ok"
