"""The public site: anonymous, shareable, and never showing what must stay in the staff view."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tissage.directory.models import Feedback, PublicSubmission
from tissage.directory.tests.corpus import CONFIDENTIAL_STREET, build_corpus

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tissage.directory.tests.urls")]


@pytest.fixture
def corpus():
    return build_corpus()


@pytest.fixture
def client():
    return Client(REMOTE_ADDR="203.0.113.7")


def test_the_search_page_opens_without_signing_in(client, corpus):
    response = client.get("/ressources/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr-ca"
    response = client.get("/ressources/", {"q": "bouffe", "near": "Magog", "radius": "25"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dépannage alimentaire" in body and "Jardin communautaire" in body
    assert "Banque alimentaire du Plateau" not in body  # Montréal is far
    assert f"/ressources/services/{corpus['A1'].pk}/" in body


def test_filter_by_municipality_served(client, corpus):
    body = client.get("/ressources/", {"municipality": "Austin"}).content.decode()
    page = "/ressources/services/{}/"
    assert page.format(corpus["J1"].pk) in body  # located in Austin
    assert page.format(corpus["C1"].pk) in body  # serves the whole MRC from Sherbrooke
    assert page.format(corpus["A1"].pk) not in body  # in Magog, serves Magog


def test_results_show_distances_the_quebec_way(client, corpus):
    body = client.get(
        "/ressources/", {"q": "jardin", "near": "Magog", "radius": "50"}
    ).content.decode()
    assert "14\u00a0km" in body  # Austin, from its centre
    body = client.get(
        "/ressources/", {"q": "jardin", "near": "Magog", "radius": "50", "lang": "en"}
    )
    assert body["Content-Language"] == "en"


def test_a_shared_link_opens_in_its_language(client, corpus):
    response = client.get(f"/ressources/services/{corpus['K1'].pk}/", {"lang": "en"})
    body = response.content.decode()
    assert '<html lang="en">' in body and "Tax clinic" in body
    response = client.get(f"/ressources/services/{corpus['K1'].pk}/")
    assert '<html lang="fr-CA">' in response.content.decode()


def test_the_service_page(client, corpus):
    body = client.get(f"/ressources/services/{corpus['A1'].pk}/").content.decode()
    assert "Dépannage alimentaire" in body and "Banque alimentaire Memphrémagog" in body
    assert "1, rue Principale" in body
    assert f"/ressources/services/{corpus['A1'].pk}/signaler/" in body


@pytest.mark.parametrize("key", ["E1", "F1", "G1"])
def test_hidden_and_defunct_services_have_no_public_page(client, corpus, key):
    assert client.get(f"/ressources/services/{corpus[key].pk}/").status_code == 404
    assert client.get(f"/ressources/services/{corpus[key].pk}/signaler/").status_code == 404


def test_a_confidential_address_never_reaches_a_public_page(client, corpus):
    shelter = corpus["D1"]
    pages = [
        f"/ressources/services/{shelter.pk}/",
        "/ressources/?q=femmes&near=Magog",
        "/ressources/imprimer/?q=femmes",
        "/ressources/envoyer/?q=femmes",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Hébergement pour femmes" in body, url
        assert CONFIDENTIAL_STREET not in body and "45.33" not in body, url
    client.post("/ressources/envoyer/?q=femmes", {"email": "a@example.org"})
    (message,) = mail.outbox
    assert "Hébergement pour femmes" in message.body and CONFIDENTIAL_STREET not in message.body


def test_results_by_e_mail(client, corpus):
    response = client.post(
        "/ressources/envoyer/?q=bouffe&near=Magog", {"email": "personne@example.org"}
    )
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["personne@example.org"]
    assert "Dépannage alimentaire" in message.body and "Jardin communautaire" in message.body
    assert f"/ressources/services/{corpus['A1'].pk}/" in message.body
    assert "819" not in message.subject


def test_e_mail_spam_and_rate_limit(client, corpus):
    client.post("/ressources/envoyer/?q=bouffe", {"email": "a@example.org", "website": "spam"})
    assert mail.outbox == []
    for _n in range(5):
        assert (
            client.post("/ressources/envoyer/?q=bouffe", {"email": "a@example.org"}).status_code
            == 200
        )
    assert (
        client.post("/ressources/envoyer/?q=bouffe", {"email": "a@example.org"}).status_code == 429
    )
    assert len(mail.outbox) == 5
    other = Client(REMOTE_ADDR="198.51.100.2")
    assert (
        other.post("/ressources/envoyer/?q=bouffe", {"email": "b@example.org"}).status_code == 200
    )


def test_report_a_problem(client, corpus):
    url = f"/ressources/services/{corpus['A1'].pk}/signaler/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"kinds": ["phone", "hours"], "comment": "Le numéro a changé."})
    assert response.status_code == 200
    feedback = Feedback.objects.get()
    assert feedback.service == corpus["A1"] and feedback.kinds == ["phone", "hours"]
    assert feedback.status == "new" and feedback.comment == "Le numéro a changé."
    assert len(feedback.ip_hash) == 64 and "203.0.113.7" not in feedback.ip_hash
    assert not PublicSubmission.objects.filter(ip_hash__contains="203.0").exists()


def test_a_report_needs_something_to_say(client, corpus):
    url = f"/ressources/services/{corpus['A1'].pk}/signaler/"
    response = client.post(url, {"comment": "  "})
    assert response.status_code == 200 and not Feedback.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_reports_are_protected_against_spam(client, corpus):
    url = f"/ressources/services/{corpus['A1'].pk}/signaler/"
    response = client.post(url, {"kinds": ["other"], "website": "http://spam.example"})
    assert response.status_code == 200 and not Feedback.objects.exists()  # robots see a thank-you
    for _n in range(5):
        assert client.post(url, {"kinds": ["other"]}).status_code == 200
    assert client.post(url, {"kinds": ["other"]}).status_code == 429
    assert Feedback.objects.count() == 5


def test_the_printable_list(client, corpus):
    body = client.get("/ressources/imprimer/", {"q": "bouffe"}).content.decode()
    assert "Dépannage alimentaire" in body and "data-print" in body
    css = settings.BASE_DIR / "static" / "directory" / "directory.css"
    assert "@media print" in css.read_text(encoding="utf-8")


def test_public_pages_do_not_need_an_account_but_staff_pages_do(client, corpus):
    assert client.get(f"/repertoire/services/{corpus['A1'].pk}/").status_code == 302
    assert client.get("/repertoire/").status_code == 302
