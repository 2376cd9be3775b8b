"""No personal data in application logs: the check run at the end of every test run."""

import logging

import pytest
from django.test import Client

from tissage.conftest import LOG_COLLECTOR, SENSITIVE, offending_log_lines


def test_the_check_finds_a_registered_value_whatever_its_case():
    lines = ["tissage.people: saved P00001", "django.request: Not Found: zéphyrine"]
    assert offending_log_lines(lines, {"Zéphyrine"}) == [lines[1]]
    assert offending_log_lines(lines, {"Ondine"}) == []


def test_every_log_record_of_the_run_is_collected():
    logging.getLogger("tissage.somewhere").warning("a record for P00042")
    assert "tissage.somewhere: a record for P00042" in LOG_COLLECTOR.lines[-50:]


@pytest.mark.django_db
def test_the_files_fixture_registers_its_personal_data(users, files):
    assert files["rue"].alias in SENSITIVE
    assert files["intervention"].notes in SENSITIVE
    # A refused request is logged by Django ("Not Found: /personnes/PRUE1/"): a code, no alias.
    client = Client(raise_request_exception=False)
    client.force_login(users["dave"])
    client.get(f"/personnes/{files['rue'].code}/")
    assert offending_log_lines(LOG_COLLECTOR.lines, SENSITIVE) == []
