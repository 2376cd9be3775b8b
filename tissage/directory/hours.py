"""Opening hours: HSDS schedule rows flattened into simple rules, "open now", and the week
as a page shows it.

Rules, for one date: a closure covering the date closes the whole day; otherwise special
hours covering the date replace the regular hours of that day; otherwise the regular weekly
(or monthly: "first Monday") hours apply. Hours past midnight continue on the next day.
Times are those of America/Toronto (Québec), the project's TIME_ZONE.
"""

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tissage.directory.models import HoursKind, Schedule, Service

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class Rule:
    kind: str  # HoursKind
    weekday: int | None  # 0 = Monday
    month_week: int | None  # 1..5, -1 = last; monthly rules only
    opens: int  # minutes since midnight
    closes: int  # minutes since midnight, up to 1440
    valid_from: datetime.date | None
    valid_to: datetime.date | None


def _minutes(value: datetime.time | None) -> int | None:
    return None if value is None else value.hour * 60 + value.minute


def _day(code: str) -> tuple[int | None, int | None]:
    """ "MO" → (0, None); "1MO" → (0, 1); "-1FR" → (4, -1)."""
    code = code.strip().upper()
    if code[-2:] not in DAYS:
        return None, None
    ordinal = code[:-2]
    try:
        month_week = int(ordinal) if ordinal else None
    except ValueError:
        month_week = None
    return DAYS.index(code[-2:]), month_week


def rules_from(schedules: list[Schedule]) -> list[Rule]:
    rules: list[Rule] = []
    for row in schedules:
        days = [_day(code) for code in row.days] or [(None, None)]
        if row.closed:
            if row.valid_from:
                for weekday, _week in days:
                    rules.append(
                        Rule(HoursKind.CLOSED, weekday, None, 0, DAY_MINUTES,
                             row.valid_from, row.valid_to or row.valid_from)
                    )  # fmt: skip
            continue
        opens, closes = _minutes(row.opens_at), _minutes(row.closes_at)
        if opens is None or closes is None:
            continue
        if not row.freq:
            if row.valid_from:  # special hours for these dates
                for weekday, _week in days:
                    end = closes if closes > opens else DAY_MINUTES
                    rules.append(
                        Rule(HoursKind.SPECIAL, weekday, None, opens, end,
                             row.valid_from, row.valid_to or row.valid_from)
                    )  # fmt: skip
                continue
            if not row.days:
                continue  # hours without days or dates say nothing usable
        for weekday, month_week in days:
            if weekday is None:
                continue
            monthly = month_week if row.freq == "MONTHLY" else None
            if closes > opens:
                spans = [(weekday, opens, closes)]
            else:  # past midnight (or 00:00–00:00, all day)
                spans = [(weekday, opens, DAY_MINUTES), ((weekday + 1) % 7, 0, closes)]
            for day, start, end in spans:
                if end > start:
                    rules.append(
                        Rule(HoursKind.REGULAR, day, monthly, start, end,
                             row.valid_from, row.valid_to)
                    )  # fmt: skip
    return rules


def schedules_of(service: Service) -> list[Schedule]:
    """The rows that give a service's hours: its own (service or service at location);
    when it has none, those of its locations."""
    own = list(
        Schedule.objects.filter(service=service)
        | Schedule.objects.filter(service_at_location__service=service)
    )
    if own:
        return own
    return list(Schedule.objects.filter(location__service_at_locations__service=service).distinct())


def rules_for(service: Service) -> list[Rule]:
    return rules_from(schedules_of(service))


def month_week(date: datetime.date) -> tuple[int, bool]:
    """Which week of its month a date falls in (1–5), and whether it is the last one."""
    last_day = calendar.monthrange(date.year, date.month)[1]
    return (date.day - 1) // 7 + 1, date.day + 7 > last_day


def _covers(rule: Rule, date: datetime.date) -> bool:
    if rule.valid_from and date < rule.valid_from:
        return False
    if rule.valid_to and date > rule.valid_to:
        return False
    return rule.weekday is None or rule.weekday == date.weekday()


def _monthly_ok(rule: Rule, date: datetime.date) -> bool:
    if rule.month_week is None:
        return True
    week, last = month_week(date)
    return rule.month_week == week or (rule.month_week == -1 and last)


def periods_on(rules: list[Rule], date: datetime.date) -> list[tuple[int, int]] | None:
    """The opening periods of one date, or None when nothing is known about it."""
    if any(rule.kind == HoursKind.CLOSED and _covers(rule, date) for rule in rules):
        return []
    special = [r for r in rules if r.kind == HoursKind.SPECIAL and _covers(r, date)]
    if special:
        return sorted((r.opens, r.closes) for r in special)
    regular = [
        r
        for r in rules
        if r.kind == HoursKind.REGULAR and _covers(r, date) and _monthly_ok(r, date)
    ]
    if not regular and not any(r.kind == HoursKind.REGULAR for r in rules):
        return None
    return sorted((r.opens, r.closes) for r in regular)


def local_now(now: datetime.datetime | None = None) -> datetime.datetime:
    return timezone.localtime(now or timezone.now())


def is_open(rules: list[Rule], now: datetime.datetime | None = None) -> bool:
    moment = local_now(now)
    minute = moment.hour * 60 + moment.minute
    periods = periods_on(rules, moment.date()) or []
    return any(start <= minute < end for start, end in periods)


def service_is_open(service: Service, now: datetime.datetime | None = None) -> bool:
    return service.status == "active" and is_open(rules_for(service), now)


def format_minutes(minutes: int, english: bool) -> str:
    hours, rest = divmod(minutes, 60)
    if english:
        return f"{hours}:{rest:02d}"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _period(start: int, end: int, english: bool) -> str:
    if start == 0 and end == DAY_MINUTES:
        return str(_("open 24 hours"))
    return f"{format_minutes(start, english)} – {format_minutes(end, english)}"


def week_table(rules: list[Rule], start: datetime.date, english: bool) -> list[dict[str, Any]]:
    """The seven days from `start` with their periods, as a page lists them."""
    days = []
    for offset in range(7):
        date = start + datetime.timedelta(days=offset)
        periods = periods_on(rules, date)
        days.append(
            {
                "date": date,
                "known": periods is not None,
                "periods": [_period(a, b, english) for a, b in periods or []],
                "special": any(r.kind != HoursKind.REGULAR and _covers(r, date) for r in rules),
            }
        )
    return days


def upcoming_closures(rules: list[Rule], today: datetime.date) -> list[Rule]:
    return sorted(
        (r for r in rules if r.kind == HoursKind.CLOSED and r.valid_to and r.valid_to >= today),
        key=lambda r: r.valid_from or today,
    )
