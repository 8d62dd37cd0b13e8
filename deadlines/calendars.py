"""Business-time arithmetic on a calendar: working hours on working days, in the calendar's
own time zone, skipping public holidays and the company's days off.

Datetimes in and out are aware. Arithmetic on elapsed time happens in UTC, because Python
subtracts two datetimes of the same zone by their wall clocks and would lose or gain an hour
across a daylight-saving change.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _

from deadlines.models import Calendar

# How far to look for a working day before deciding there is none.
SEARCH_LIMIT_DAYS = 3 * 366


class CalendarError(ValueError):
    """A calendar that cannot count business time (no working days, hours the wrong way)."""


@lru_cache(maxsize=256)
def public_holidays(country, subdivision, year):
    """The public holidays of a country (and region) in a year, as a frozenset of dates."""
    found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(found)


def is_public_holiday(day, country, subdivision=""):
    return day in public_holidays(country, subdivision, day.year)


@dataclass(frozen=True)
class WorkingTime:
    """A calendar read once from the database, for arithmetic without further queries."""

    zone: zoneinfo.ZoneInfo
    country: str
    subdivision: str
    weekdays: frozenset
    starts: object
    ends: object
    days_off: frozenset

    @classmethod
    def of(cls, calendar):
        if isinstance(calendar, cls):
            return calendar
        weekdays = frozenset(calendar.working_weekdays or ())
        if not weekdays:
            raise CalendarError(
                _("The calendar “%(name)s” has no working weekdays, so no deadline can be counted.")
                % {"name": calendar.name}
            )
        if calendar.work_starts >= calendar.work_ends:
            raise CalendarError(
                _("The working hours of the calendar “%(name)s” end before they start.")
                % {"name": calendar.name}
            )
        # .all(), not values_list(): a list of complaints prefetches the days off once.
        days_off = [day.date for day in calendar.days_off.all()] if calendar.pk else ()
        return cls(
            zone=zoneinfo.ZoneInfo(calendar.time_zone),
            country=calendar.country,
            subdivision=calendar.subdivision,
            weekdays=weekdays,
            starts=calendar.work_starts,
            ends=calendar.work_ends,
            days_off=frozenset(days_off),
        )

    def is_working_day(self, day):
        return (
            day.weekday() in self.weekdays
            and day not in self.days_off
            and not is_public_holiday(day, self.country, self.subdivision)
        )

    def window(self, day):
        """The working hours of a working day, in UTC."""
        opens = datetime.combine(day, self.starts, tzinfo=self.zone).astimezone(UTC)
        closes = datetime.combine(day, self.ends, tzinfo=self.zone).astimezone(UTC)
        return opens, closes

    def local_day(self, moment):
        return moment.astimezone(self.zone).date()


def default_calendar():
    """The company's default calendar; a Polish one is made on a fresh database."""
    calendar = Calendar.objects.filter(is_default=True).first()
    if calendar is None:
        calendar, _created = Calendar.objects.get_or_create(
            is_default=True,
            defaults={"name": "Poland, Monday to Friday 9-17", "country": "PL"},
        )
    return calendar


def add_business_time(start, duration, calendar):
    """The moment `duration` of working time after `start` (aware, in the calendar's zone)."""
    _require_aware(start)
    working = WorkingTime.of(calendar)
    remaining = duration
    cursor = start.astimezone(UTC)
    day = working.local_day(start)
    idle_days = 0
    while True:
        if working.is_working_day(day):
            idle_days = 0
            opens, closes = working.window(day)
            cursor = max(cursor, opens)
            if cursor < closes:
                available = closes - cursor
                if remaining <= available:
                    return (cursor + remaining).astimezone(working.zone)
                remaining -= available
                cursor = closes
        else:
            idle_days += 1
            if idle_days > SEARCH_LIMIT_DAYS:
                raise _no_working_day(calendar)
        day += timedelta(days=1)


def business_time_between(start, end, calendar):
    """Working time between two moments; negative when `end` comes before `start`."""
    _require_aware(start)
    _require_aware(end)
    if end < start:
        return -business_time_between(end, start, calendar)
    working = WorkingTime.of(calendar)
    total = timedelta()
    day = working.local_day(start)
    last = working.local_day(end)
    while day <= last:
        if working.is_working_day(day):
            opens, closes = working.window(day)
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total


def is_statutory_day_off(day, calendar):
    """A Saturday, a Sunday or a public holiday of the calendar's country.

    Legal terms ignore the company's own working weekdays and days off: a shop open on
    Saturdays still has its statutory terms moved off a Saturday (Polish civil code art. 115).
    """
    return day.weekday() >= 5 or is_public_holiday(day, calendar.country, calendar.subdivision)


def next_working_day(day, calendar):
    """`day` itself when it is a statutory working day, else the next one (for legal terms)."""
    for _step in range(SEARCH_LIMIT_DAYS):
        if not is_statutory_day_off(day, calendar):
            return day
        day += timedelta(days=1)
    raise _no_working_day(calendar)


def end_of_day(day, calendar):
    """The last moment of a day in the calendar's zone."""
    zone = (
        calendar.zone
        if isinstance(calendar, WorkingTime)
        else zoneinfo.ZoneInfo(calendar.time_zone)
    )
    next_midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return (next_midnight.astimezone(UTC) - timedelta(microseconds=1)).astimezone(zone)


def _require_aware(moment):
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError("Business-time arithmetic needs aware datetimes.")


def _no_working_day(calendar):
    return CalendarError(
        _("The calendar “%(name)s” has no working day within three years.")
        % {"name": getattr(calendar, "name", calendar)}
    )
