"""Words as search sees them, and opening hours, without the database."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from tissage.directory.hours import is_open, periods_on, rules_from, week_table
from tissage.directory.models import Schedule
from tissage.directory.textsearch import query_words, token, words

QUEBEC = ZoneInfo("America/Toronto")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Santé mentale", ["sant", "mental"]),
        ("SANTE MENTALES", ["sant", "mental"]),
        ("Logements", ["logement"]),
        ("services sociaux", ["servic", "social"]),
        ("Travailleuses sociales", ["travailleur", "social"]),
        ("l'aide d'urgence", ["aide", "urgenc"]),
        ("Sorel-Tracy", ["sorel", "tracy"]),
        ("cœur", ["coeur"]),
        ("211 et 811", ["211", "811"]),
        ("le la les des", []),
    ],
)
def test_words_are_folded_and_lightly_stemmed(text, expected):
    assert words(text) == expected


def test_singular_and_plural_meet():
    for singular, plural in [
        ("logement", "logements"),
        ("journal", "journaux"),
        ("jeu", "jeux"),
        ("active", "actifs"),
        ("infirmière", "infirmiers"),
    ]:
        assert words(singular) == words(plural), (singular, plural)


def test_query_words_are_distinct_and_bounded():
    assert query_words("aide aide AIDE") == ["aide"]
    assert len(query_words(" ".join(f"mot{n}" for n in range(20)))) == 8
    assert query_words('"') == [] and query_words("*) OR (") == []


def test_tokens_of_places():
    assert token("Le Val-Saint-François") == "levalsaintfrancois"
    assert token("Ayer's Cliff") == "ayerscliff"


def _row(**fields):
    return Schedule(**fields)


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=QUEBEC)


def test_several_periods_a_day():
    rules = rules_from(
        [
            _row(
                freq="WEEKLY",
                byday="MO,TU,WE,TH,FR",
                opens_at=datetime.time(9),
                closes_at=datetime.time(12),
            ),
            _row(
                freq="WEEKLY",
                byday="MO,TU,WE,TH,FR",
                opens_at=datetime.time(13),
                closes_at=datetime.time(16, 30),
            ),
        ]
    )
    monday = datetime.date(2024, 6, 3)
    assert periods_on(rules, monday) == [(540, 720), (780, 990)]
    assert is_open(rules, _at(2024, 6, 3, 9))
    assert not is_open(rules, _at(2024, 6, 3, 12, 15))
    assert is_open(rules, _at(2024, 6, 3, 16, 29))
    assert not is_open(rules, _at(2024, 6, 3, 16, 30))
    assert not is_open(rules, _at(2024, 6, 8, 10))  # Saturday
    assert periods_on(rules, datetime.date(2024, 6, 8)) == []


def test_holiday_closure_and_special_hours():
    rules = rules_from(
        [
            _row(
                freq="WEEKLY",
                byday="MO,TU,WE,TH,FR",
                opens_at=datetime.time(9),
                closes_at=datetime.time(17),
            ),
            _row(
                closed=True,
                valid_from=datetime.date(2024, 12, 24),
                valid_to=datetime.date(2025, 1, 2),
            ),
            _row(
                valid_from=datetime.date(2024, 12, 23),
                opens_at=datetime.time(9),
                closes_at=datetime.time(12),
            ),
        ]
    )
    assert not is_open(rules, _at(2024, 12, 24, 10))
    assert not is_open(rules, _at(2025, 1, 2, 10))
    assert is_open(rules, _at(2025, 1, 3, 10))
    assert is_open(rules, _at(2024, 12, 23, 11))
    assert not is_open(rules, _at(2024, 12, 23, 14))  # special hours replace the regular ones
    week = week_table(rules, datetime.date(2024, 12, 23), english=False)
    assert week[0]["periods"] == ["9 h – 12 h"] and week[0]["special"]
    assert week[1]["periods"] == [] and week[1]["known"]


def test_hours_past_midnight_and_all_day():
    night = rules_from(
        [_row(freq="WEEKLY", byday="FR", opens_at=datetime.time(22), closes_at=datetime.time(2))]
    )
    assert is_open(night, _at(2024, 6, 7, 23))
    assert is_open(night, _at(2024, 6, 8, 1, 30))  # Saturday night, still Friday's opening
    assert not is_open(night, _at(2024, 6, 8, 2, 30))
    always = rules_from(
        [_row(freq="WEEKLY", byday="SU", opens_at=datetime.time(0), closes_at=datetime.time(0))]
    )
    assert is_open(always, _at(2024, 6, 9, 0)) and is_open(always, _at(2024, 6, 9, 23, 59))


def test_monthly_rules():
    rules = rules_from(
        [
            _row(
                freq="MONTHLY", byday="1MO", opens_at=datetime.time(13), closes_at=datetime.time(15)
            ),
            _row(
                freq="MONTHLY", byday="-1FR", opens_at=datetime.time(9), closes_at=datetime.time(11)
            ),
        ]
    )
    assert is_open(rules, _at(2024, 6, 3, 14))  # first Monday of June 2024
    assert not is_open(rules, _at(2024, 6, 10, 14))
    assert is_open(rules, _at(2024, 6, 28, 10))  # last Friday
    assert not is_open(rules, _at(2024, 6, 21, 10))


def test_no_schedule_means_unknown_hours():
    assert periods_on([], datetime.date(2024, 6, 3)) is None
    assert not is_open([], _at(2024, 6, 3, 10))
