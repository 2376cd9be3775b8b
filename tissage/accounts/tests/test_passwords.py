"""Passwords: hashed with Argon2 in production, at least 12 characters, not common.

The test suite hashes with MD5 for speed (tissage/conftest.py); these tests put the production
hashers back, read from the settings module itself, not from the test's settings.
"""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tissage import settings as production
from tissage.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_production_hashes_new_passwords_with_argon2(users, settings) -> None:
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    carol = users["carol"]
    carol.set_password("une-phrase-de-passe-longue")
    carol.save()
    carol.refresh_from_db()
    assert carol.password.startswith("argon2$")
    assert identify_hasher(carol.password).algorithm == "argon2"
    assert carol.check_password("une-phrase-de-passe-longue")


def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(users, settings, client) -> None:
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    carol = users["carol"]
    carol.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    carol.save()
    response = client.post("/compte/connexion/", {"username": "carol", "password": PASSWORD})
    assert response.status_code == 302
    carol.refresh_from_db()
    assert carol.password.startswith("argon2$")


@pytest.mark.parametrize(
    "password",
    [
        "Court-ab1",  # 9 characters
        "Presque-ab1",  # 11 characters
        "123456789012345",  # only digits
        "password1234",  # a common password
    ],
)
def test_weak_passwords_are_refused(password) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_twelve_characters_are_enough() -> None:
    validate_password("Tissage-ab12")  # 12 characters, not common


def test_the_password_change_page_refuses_eleven_characters(users, client_for) -> None:
    client = client_for("carol")
    before = users["carol"].password
    response = client.post(
        "/compte/mot-de-passe/",
        {"old_password": PASSWORD, "new_password1": "Presque-ab1", "new_password2": "Presque-ab1"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors["new_password2"]
    users["carol"].refresh_from_db()
    assert users["carol"].password == before
    response = client.post(
        "/compte/mot-de-passe/",
        {
            "old_password": PASSWORD,
            "new_password1": "Tissage-ab12-ok",
            "new_password2": "Tissage-ab12-ok",
        },
    )
    assert response.status_code == 302
    users["carol"].refresh_from_db()
    assert users["carol"].check_password("Tissage-ab12-ok")
