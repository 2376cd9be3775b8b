from hypothesis import given
from hypothesis import strategies as st

from tissage.lib.numbers import (
    NBSP,
    format_hours,
    format_number,
    format_percent,
    format_signed_percent,
    round_half_up,
)


def test_french_numbers_use_a_space_between_thousands_and_a_comma():
    assert format_number(10873, language="fr-ca") == f"10{NBSP}873"
    assert format_number(14.4, 1, language="fr-ca") == "14,4"
    assert format_number(1234567.25, 2, language="fr-ca") == f"1{NBSP}234{NBSP}567,25"


def test_english_numbers():
    assert format_number(10873, language="en") == "10,873"
    assert format_percent(44, language="en") == "44%"


def test_percentages_round_half_up_with_a_space_before_the_sign():
    assert format_percent(43.5, language="fr-ca") == f"44{NBSP}%"
    assert format_percent(2.5, language="fr-ca") == f"3{NBSP}%"
    assert format_percent(None) == "--"
    assert format_signed_percent(164.3, language="fr-ca") == f"+164{NBSP}%"


def test_hours_as_funders_write_them():
    assert format_hours(900) == "15h"
    assert format_hours(875) == "14h35"
    assert format_hours(0) == "0h"


@given(st.integers(min_value=0, max_value=10**9))
def test_a_french_number_reads_back_as_the_same_integer(value):
    assert int(format_number(value, language="fr-ca").replace(NBSP, "")) == value


@given(st.floats(min_value=0, max_value=10**6, allow_nan=False))
def test_rounding_is_within_half_a_unit(value):
    assert abs(float(round_half_up(value)) - value) <= 0.5 + 1e-9
