"""Account hardening: lockout and cool-off, two-factor for administrators, CSP, cookies."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tissage.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion/"


def _sign_in(client: Client, username: str, password: str, code: str = "") -> int:
    data = {"username": username, "password": password, "otp_token": code}
    return client.post(LOGIN, data).status_code


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_lockout_after_repeated_failures_then_cool_off(users, settings) -> None:
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "carol", "wrong-password-123") == 200  # the form again
    assert _sign_in(client, "carol", "wrong-password-123") == 429  # locked out
    # Even the right password is refused while locked.
    assert _sign_in(client, "carol", PASSWORD) == 429
    assert "_auth_user_id" not in client.session
    # After the cool-off, the right password works again.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=2))
    assert _sign_in(client, "carol", PASSWORD) == 302
    assert client.session["_auth_user_id"] == str(users["carol"].pk)


def test_lockout_is_per_account(users, settings) -> None:
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "carol", "wrong-password-123")
    assert _sign_in(client, "dave", PASSWORD) == 302


def test_administrator_without_device_must_set_one_up(users, settings) -> None:
    settings.TISSAGE_REQUIRE_ADMIN_OTP = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    client = Client()
    assert _sign_in(client, "alice", PASSWORD) == 302
    response = client.get("/personnes/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/double-authentification/"
    assert client.get("/api/people/persons").status_code == 403  # nor through the API
    page = client.get("/compte/double-authentification/")
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=users["alice"], confirmed=False)
    assert client.post("/compte/double-authentification/", {"code": "000000"}).status_code == 200
    response = client.post("/compte/double-authentification/", {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/personnes/").status_code == 200


def test_workers_are_not_forced_but_may_opt_in(users, settings) -> None:
    settings.TISSAGE_REQUIRE_ADMIN_OTP = True
    client = Client()
    assert _sign_in(client, "carol", PASSWORD) == 302
    assert client.get("/personnes/").status_code == 200
    assert client.get("/compte/double-authentification/").status_code == 200


def test_sign_in_asks_for_the_code_once_set_up(users, settings) -> None:
    settings.TISSAGE_REQUIRE_ADMIN_OTP = True
    device = TOTPDevice.objects.create(user=users["alice"], name="totp", confirmed=True)
    client = Client()
    assert _sign_in(client, "alice", PASSWORD) == 200  # no code: the form again
    assert "_auth_user_id" not in client.session
    assert _sign_in(client, "alice", PASSWORD, "123") == 200
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp slows retries after a wrong code
    assert _sign_in(client, "alice", PASSWORD, _code(device)) == 302
    assert client.get("/personnes/").status_code == 200


def test_forced_login_admin_with_device_enters_the_code(users, settings) -> None:
    settings.TISSAGE_REQUIRE_ADMIN_OTP = True
    device = TOTPDevice.objects.create(user=users["alice"], name="totp", confirmed=True)
    client = Client()
    client.force_login(users["alice"])
    assert client.get("/personnes/")["Location"] == "/compte/double-authentification/"
    response = client.post("/compte/double-authentification/", {"code": _code(device)})
    assert response.status_code == 302
    assert client.get("/personnes/").status_code == 200


def test_content_security_policy_and_cookies(client_for, settings) -> None:
    response = client_for("carol").get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.PASSWORD_HASHERS  # Argon2 in production; the tests use MD5 for speed


def test_deploy_checks_pass_in_production(tmp_path) -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "TISSAGE_HTTPS": "1",
        "DEBUG": "0",
        "SECRET_KEY": "k" * 40 + "-production-secret-with-enough-entropy-!@#",
        "ALLOWED_HOSTS": "tissage.example.org",
        "TISSAGE_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the test conftest for Playwright
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _session_writes(client: Client, path: str = "/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_a_session_expires_after_thirty_idle_minutes_and_is_written_at_most_once_a_minute(
    client_for, monkeypatch
) -> None:
    from django.contrib.sessions.models import Session

    from tissage.accounts import security

    clock = [1_800_000_000.0]
    monkeypatch.setattr(security.time, "time", lambda: clock[0])
    client = client_for("carol")
    key = client.cookies["sessionid"].value
    assert _session_writes(client) == 1  # the first page view sets the clock
    first = Session.objects.get(session_key=key).expire_date
    clock[0] += 30
    assert _session_writes(client) == 0  # a page view is not a database write
    assert _session_writes(client, "/personnes/liste/") == 0
    clock[0] += 31
    assert _session_writes(client) == 1  # a minute later, the expiry moves forward
    moved = Session.objects.get(session_key=key).expire_date
    assert moved > first
    assert client.cookies["sessionid"]["max-age"] == 30 * 60  # and the cookie with it


def test_an_anonymous_visitor_gets_no_session(client) -> None:
    from django.contrib.sessions.models import Session

    assert client.get("/ressources/").status_code == 200
    assert client.get("/ressources/?q=aide").status_code == 200
    assert not Session.objects.exists()
    client.cookies["sessionid"] = "not-a-session-we-know"
    assert client.get("/ressources/").status_code == 200
    assert not Session.objects.exists()
