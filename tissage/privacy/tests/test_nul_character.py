"""A NUL character in a request is refused (400) before any view: PostgreSQL refuses it in a
text with an error, which was a server error on the API (found by schemathesis)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/personnes/AB%00C/", None),
        ("get", "/api/people/persons?q=a%00b", None),
        ("get", "/api/vocabularies/gen%00der", None),
        ("post", "/api/people/interventions", '{"date": "2024-05-02", "types": ["a\\u0000b"]}'),
    ],
)
def test_a_nul_character_is_refused(client_for, method, url, body):
    client = client_for("alice")
    if body is None:
        response = getattr(client, method)(url)
    else:
        response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert b"NUL character refused" in response.content


def test_text_without_nul_goes_through(client_for):
    response = client_for("alice").get("/api/people/persons?q=a%01b")
    assert response.status_code == 200
