"""The protections are load-bearing: remove one, and the test that guards it fails.

Each case below switches one protection off (with monkeypatch, for this test only) and runs
the existing check of that protection: the check must now fail. A check that still passed
with its protection gone would prove nothing. The checks are the suite's own tests, called
as functions with their fixtures, not copies of them.
"""

import sys
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ObjectDoesNotExist

import tissage.extractions.tests.test_extractions as extraction_tests
import tissage.extractions.tests.test_injection as injection_tests
import tissage.people.tests.test_pages_people as people_tests
import tissage.privacy.tests.test_access_matrix as matrix_tests
import tissage.reports.tests.test_render_hostile_pdf as pdf_tests
from tissage.extractions import suppression
from tissage.extractions.tests.solver import recoverable
from tissage.extractions.tests.test_extractions import served  # noqa: F401  (a fixture)
from tissage.extractions.tests.test_injection import hostile  # noqa: F401  (a fixture)
from tissage.extractions.tests.test_suppression import (
    test_one_small_cell_alone_is_protected_by_a_second,
)
from tissage.people.tests.test_pages_people import people  # noqa: F401  (a fixture)
from tissage.privacy import access, audit
from tissage.privacy.tests.test_api_schemathesis import (  # fixtures and helpers
    _hosts,  # noqa: F401
    _operations,
    _run,
    admin_token,  # noqa: F401
    administrator_check,
    api_schema,  # noqa: F401
    wsgi_app,  # noqa: F401
)
from tissage.reports.render import xlsx
from tissage.reports.tests.test_render_hostile_pdf import fetched, secret_file  # noqa: F401

pytestmark = pytest.mark.django_db


def fails(check: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """The check, run with its protection removed, must fail (an assertion, or a lookup of
    what should have been there, or a `pytest.raises` that saw nothing raised)."""
    with pytest.raises((AssertionError, LookupError, ObjectDoesNotExist, pytest.fail.Exception)):
        check(*args, **kwargs)


def patch_everywhere(monkeypatch: pytest.MonkeyPatch, name: str, replacement: Any) -> None:
    """Replace `access.<name>` in the module and wherever it was imported by name."""
    original = getattr(access, name)
    for module in list(sys.modules.values()):
        if (module.__name__ or "").startswith("tissage.") and (
            getattr(module, name, None) is original
        ):
            monkeypatch.setattr(module, name, replacement)


def test_without_role_rules_the_matrix_fails(monkeypatch, users):
    patch_everywhere(monkeypatch, "can", lambda user, perm: True)
    fails(matrix_tests.test_statistics_user_reaches_no_page_that_shows_a_person, users)


def test_without_team_rules_the_two_team_check_fails(monkeypatch, users, files):
    patch_everywhere(monkeypatch, "sees_every_team", lambda user: True)
    fails(
        matrix_tests.test_each_file_opens_only_for_its_users,
        users,
        files,
        "rue",
        ["alice", "bob", "carol"],
        ["dave"],
    )


def test_without_seals_the_two_team_check_fails(monkeypatch, users, files):
    real = access.persons_for

    def unsealed(user: Any) -> Any:
        from tissage.people.models import Person

        if not access.can(user, access.Perm.PERSON_VIEW):
            return Person.objects.none()
        return Person.objects.current().filter(pk__in=real(user).values("pk")) | (
            Person.objects.current().filter(sealed=True)
        )

    patch_everywhere(monkeypatch, "persons_for", unsealed)
    fails(
        matrix_tests.test_each_file_opens_only_for_its_users,
        users,
        files,
        "sealed",
        ["bob"],
        ["alice", "carol", "dave"],
    )


def test_without_the_read_event_the_audit_check_fails(monkeypatch, client_for, users, people):  # noqa: F811
    record = audit.record

    def no_reads(request: Any, action: Any, *args: Any, **kwargs: Any) -> Any:
        if action == audit.Action.READ:
            return None
        return record(request, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", no_reads)
    check = people_tests.TestPersonPage().test_it_shows_the_file_and_records_the_read
    fails(check, client_for, users, people)


def test_without_the_threshold_the_extraction_check_fails(monkeypatch, client_for, served):  # noqa: F811
    import tissage.extractions.tables as tables

    monkeypatch.setattr(tables, "threshold_for", lambda ind, override, rows=(): 1)
    fails(
        extraction_tests.test_extraction_file_is_suppressed_logged_and_audited, client_for, served
    )


def test_without_complementary_suppression_the_solver_finds_the_cell(monkeypatch):
    monkeypatch.setattr(suppression, "_protect", lambda grid, cell, line=None: None)
    fails(test_one_small_cell_alone_is_protected_by_a_second)
    # The solver of the suppression tests works the hidden cell out from the total.
    grid = suppression.suppress(suppression.one_dimensional([12, 3, 9, 20], 44), 5)
    assert recoverable(grid, 5) != []


def test_without_formula_escaping_the_excel_check_fails(monkeypatch, client_for, hostile):  # noqa: F811
    monkeypatch.setattr(xlsx, "FORMULA_START", ("\x00never",))
    fails(injection_tests.test_excel_cells_are_never_formulas, client_for, hostile)


def test_without_html_escaping_the_xss_checks_fail(monkeypatch, client_for, users, files, hostile):  # noqa: F811
    import django.template.base

    from tissage.privacy.tests.test_xss_pages import RAW, crawl, make_everything_hostile

    monkeypatch.setattr(django.template.base, "conditional_escape", lambda value: str(value))
    fails(injection_tests.test_html_pages_escape, client_for, hostile)
    # The crawler of test_xss_pages flags the raw markers on the file's page.
    make_everything_hostile()
    client = client_for("alice")
    raw, _escaped, opened = crawl(client, [f"/personnes/{files['rue'].code}/"])
    assert opened >= 1 and raw, "the crawler saw no unescaped marker with escaping off"
    assert RAW.pattern


def test_without_the_url_fetcher_restriction_the_pdf_check_fails(
    monkeypatch,
    fetched,  # noqa: F811
    secret_file,  # noqa: F811
    tmp_path,
):
    import weasyprint

    init = weasyprint.URLFetcher.__init__

    def unrestricted(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("allowed_protocols", None)
        init(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.URLFetcher, "__init__", unrestricted)
    fails(
        pdf_tests.test_the_fetcher_refuses_files_and_urls_even_in_unescaped_html,
        monkeypatch,
        fetched,
        secret_file,
        tmp_path,
    )


def test_schemathesis_reports_a_server_error_and_a_schema_violation(
    monkeypatch,
    api_schema,  # noqa: F811
    admin_token,  # noqa: F811
):
    from tissage.accounts import api as accounts_api

    operation = next(op for op in _operations(api_schema) if op.path == "/api/organization")
    check = administrator_check(admin_token)
    assert _run(operation, check, 2) is None

    class Broken:
        @staticmethod
        def current() -> Any:
            raise RuntimeError("broken on purpose")

    monkeypatch.setattr(accounts_api, "OrganizationProfile", Broken)
    assert "Server error" in (_run(operation, check, 2) or "")

    class Shapeless:
        @staticmethod
        def current() -> Any:
            return {"name": 1}  # the schema says: a name (text), a region…

    monkeypatch.setattr(accounts_api, "OrganizationProfile", Shapeless)
    failure = _run(operation, check, 2) or ""
    assert "Server error" in failure or "schema" in failure.lower()


# --- Checks added by the audit of issue #9 ---------------------------------------------------


def test_a_page_without_a_rule_fails_the_matrix_and_the_middleware_refuses_it(
    monkeypatch, settings, users
):
    from tissage.privacy.tests.test_privacy_by_default import (
        forgotten_urlconf,
        test_a_page_without_a_rule_is_refused_to_everyone,
    )

    settings.ROOT_URLCONF = forgotten_urlconf()
    # A new URL whose view declared no rule: the matrix has no expected answer for it.
    fails(matrix_tests.test_every_view_declares_a_rule)
    # And without the middleware's deny-by-default, the page would open.
    monkeypatch.setattr(access.AccessMiddleware, "process_view", lambda *args: None)
    fails(test_a_page_without_a_rule_is_refused_to_everyone, settings, users)


def test_a_page_made_public_fails_the_privacy_by_default_check(monkeypatch):
    from django.urls import resolve

    from tissage.privacy.tests.test_privacy_by_default import test_only_the_chosen_pages_are_public

    view = resolve("/personnes/liste/").func
    monkeypatch.setattr(view, "access_rule", access.PUBLIC)
    fails(test_only_the_chosen_pages_are_public)


def test_without_team_rules_the_lists_check_fails(monkeypatch, users, files):
    from tissage.privacy.tests.test_two_teams_lists import test_lists_and_searches_follow_the_teams

    patch_everywhere(monkeypatch, "sees_every_team", lambda user: True)
    fails(test_lists_and_searches_follow_the_teams, users, files)


def test_without_team_rules_the_activities_check_fails(monkeypatch, users, files):
    from tissage.privacy.tests.test_two_teams_lists import (
        test_activity_registrations_and_attendance_follow_the_teams,
    )

    patch_everywhere(monkeypatch, "sees_every_team", lambda user: True)
    fails(test_activity_registrations_and_attendance_follow_the_teams, users, files)


@pytest.mark.parametrize(
    "action",
    [
        audit.Action.LOGIN,
        audit.Action.LOGIN_FAILED,
        audit.Action.READ,
        audit.Action.EXPORT,
        audit.Action.PERMISSION_CHANGE,
    ],
)
def test_without_each_kind_of_event_the_audit_page_check_fails(
    monkeypatch, users, files, client_for, action
):
    from tissage.privacy.tests import test_audit_page

    record = audit.record

    def without(request: Any, kind: Any, *args: Any, **kwargs: Any) -> Any:
        if kind == action:
            return None
        return record(request, kind, *args, **kwargs)

    monkeypatch.setattr(audit, "record", without)
    made = test_audit_page.activity.__wrapped__(users, files, client_for)
    fails(test_audit_page.test_every_kind_of_event_is_recorded_and_listed, made, client_for)


def test_without_the_filters_the_audit_page_check_fails(monkeypatch, users, files, client_for):
    from tissage.privacy import views
    from tissage.privacy.models import AuditEvent
    from tissage.privacy.tests import test_audit_page

    monkeypatch.setattr(views, "_filtered", lambda form: AuditEvent.objects.all())
    made = test_audit_page.activity.__wrapped__(users, files, client_for)
    fails(test_audit_page.test_the_filters_keep_only_the_matching_events, made, client_for)


def test_without_the_rule_of_twenty_for_sensitive_rows_the_threshold_check_fails(monkeypatch):
    import tissage.extractions.tables as tables
    from tissage.extractions.tests import test_thresholds

    real = tables.threshold_for
    monkeypatch.setattr(tables, "threshold_for", lambda ind, override, rows=(): real(ind, override))
    test_thresholds.problems.__wrapped__()
    fails(test_thresholds.test_a_judicial_history_row_brings_the_table_to_twenty, None)


def test_with_eight_characters_the_password_check_fails(settings):
    from tissage.accounts.tests.test_passwords import test_weak_passwords_are_refused

    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}  # 8
    ]
    fails(test_weak_passwords_are_refused, "Presque-ab1")


def test_without_argon2_the_hasher_check_fails(monkeypatch, users, settings):
    from tissage import settings as production
    from tissage.accounts.tests.test_passwords import (
        test_production_hashes_new_passwords_with_argon2,
    )

    monkeypatch.setattr(
        production, "PASSWORD_HASHERS", ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    )
    fails(test_production_hashes_new_passwords_with_argon2, users, settings)


def test_with_a_longer_session_the_idle_timeout_check_fails(settings, users, client_for):
    from tissage.accounts.tests.test_idle_session import (
        test_the_session_ends_thirty_minutes_after_the_last_request,
    )

    settings.SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day instead of 30 minutes
    fails(test_the_session_ends_thirty_minutes_after_the_last_request, client_for)
