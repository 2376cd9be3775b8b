import pytest
from django.test import Client

from tissage.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


class TestMe:
    def test_it_works_with_a_session(self, client_for):
        data = client_for("frank").get("/api/me").json()
        assert data["role"] == "statistics"
        assert "person.view" not in data["permissions"]

    def test_it_works_with_a_token_and_stores_only_its_hash(self, users):
        token, key = ApiToken.issue(users["bob"], "script annuel")
        assert key not in token.key_hash
        response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}")
        assert response.status_code == 200
        assert response.json()["username"] == "bob"
        token.refresh_from_db()
        assert token.last_used is not None

    def test_it_refuses_a_wrong_token(self, users):
        response = Client().get("/api/me", HTTP_AUTHORIZATION="Bearer tis_nope")
        assert response.status_code == 401

    def test_a_token_of_a_deactivated_user_stops_working(self, users):
        _token, key = ApiToken.issue(users["bob"], "x")
        users["bob"].is_active = False
        users["bob"].save()
        assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


class TestSchema:
    def test_the_openapi_schema_is_served(self):
        schema = Client().get("/api/openapi.json").json()
        assert schema["info"]["title"] == "Tissage"
        assert "/api/me" in schema["paths"]
        assert "/api/vocabularies/{code}" in schema["paths"]

    def test_vocabularies_are_listed_with_both_languages(self, client_for):
        data = client_for("frank").get("/api/vocabularies/gender").json()
        labels = {term["label_fr"]: term["label_en"] for term in data["terms"]}
        assert labels["Femme"] == "Woman"


class TestTokenPages:
    def test_a_user_issues_uses_and_revokes_a_token(self, users, client_for):
        client = client_for("bob")
        response = client.post("/compte/jetons/", {"name": "export mensuel"})
        assert response.status_code == 200
        key = response.context["key"]
        assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
        token = ApiToken.objects.get(user=users["bob"])
        assert key not in client.get("/compte/preferences/").content.decode()
        client.post(f"/compte/jetons/{token.pk}/revoquer/")
        assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401

    def test_nobody_revokes_another_users_token(self, users, client_for):
        token, _key = ApiToken.issue(users["bob"], "x")
        response = client_for("carol").post(f"/compte/jetons/{token.pk}/revoquer/")
        assert response.status_code == 404
        assert ApiToken.objects.filter(pk=token.pk).exists()
