import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

import pytest

from deadlines.calendars import (
    CalendarError,
    add_business_time,
    business_time_between,
    default_calendar,
    end_of_day,
    next_working_day,
)
from deadlines.models import Calendar, DayOff

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def poland(db):
    return default_calendar()


def test_the_shipped_calendar_is_polish_office_hours(poland):
    assert (poland.country, poland.time_zone) == ("PL", "Europe/Warsaw")
    assert poland.working_weekdays == [0, 1, 2, 3, 4]
    assert (poland.work_starts, poland.work_ends) == (time(9), time(17))


def test_friday_afternoon_plus_four_hours_lands_monday_morning(poland):
    due = add_business_time(warsaw(2026, 3, 6, 15), timedelta(hours=4), poland)
    assert due == warsaw(2026, 3, 9, 11)
    assert due.tzinfo == WARSAW


def test_time_outside_working_hours_starts_counting_at_the_next_opening(poland):
    assert add_business_time(warsaw(2026, 3, 6, 20), timedelta(hours=1), poland) == warsaw(
        2026, 3, 9, 10
    )
    assert add_business_time(warsaw(2026, 3, 9, 7), timedelta(hours=1), poland) == warsaw(
        2026, 3, 9, 10
    )


def test_a_duration_that_fills_the_day_ends_at_closing_time(poland):
    assert add_business_time(warsaw(2026, 3, 9, 9), timedelta(hours=8), poland) == warsaw(
        2026, 3, 9, 17
    )


def test_input_in_another_zone_gives_the_same_moment(poland):
    start = warsaw(2026, 3, 6, 15).astimezone(UTC)
    assert add_business_time(start, timedelta(hours=4), poland) == warsaw(2026, 3, 9, 11)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # Good Friday is a working day in Poland; Easter Monday 6 April 2026 is not.
        ((2026, 4, 3, 16), 2, (2026, 4, 7, 10)),
        # 1 May 2026 is a Friday, 3 May a Sunday.
        ((2026, 4, 30, 16), 2, (2026, 5, 4, 10)),
        # 3 May on a weekday: Monday 3 May 2027.
        ((2027, 4, 30, 16), 2, (2027, 5, 4, 10)),
        # Independence Day, Wednesday 11 November 2026.
        ((2026, 11, 10, 16), 2, (2026, 11, 12, 10)),
        # Christmas Eve is a public holiday from 2025: 24-26 December 2026, then a weekend.
        ((2026, 12, 23, 16), 2, (2026, 12, 28, 10)),
    ],
)
def test_polish_public_holidays_are_skipped(poland, start, hours, due):
    assert add_business_time(warsaw(*start), timedelta(hours=hours), poland) == warsaw(*due)


def test_a_company_day_off_is_skipped(poland):
    DayOff.objects.create(calendar=poland, date=date(2026, 3, 9), name="Stocktaking")
    due = add_business_time(warsaw(2026, 3, 6, 15), timedelta(hours=4), poland)
    assert due == warsaw(2026, 3, 10, 11)


def test_office_hours_across_the_march_daylight_saving_weekend(poland):
    # Clocks go forward on Sunday 29 March 2026; Monday still opens at 9 local time.
    start = warsaw(2026, 3, 27, 16)
    due = add_business_time(start, timedelta(hours=2), poland)
    assert due == warsaw(2026, 3, 30, 10)
    assert due.utcoffset() == timedelta(hours=2)
    assert business_time_between(start, due, poland) == timedelta(hours=2)


def test_office_hours_across_the_october_daylight_saving_weekend(poland):
    # Clocks go back on Sunday 25 October 2026.
    start = warsaw(2026, 10, 23, 16)
    due = add_business_time(start, timedelta(hours=2), poland)
    assert due == warsaw(2026, 10, 26, 10)
    assert due.utcoffset() == timedelta(hours=1)
    assert business_time_between(start, due, poland) == timedelta(hours=2)


@pytest.fixture
def night_shift(db):
    # Every day from midnight to noon: the daylight-saving change happens inside the shift.
    return Calendar.objects.create(
        name="Nights",
        country="PL",
        time_zone="Europe/Warsaw",
        working_weekdays=[0, 1, 2, 3, 4, 5, 6],
        work_starts=time(0),
        work_ends=time(12),
    )


def test_a_shift_on_the_spring_forward_night_is_an_hour_shorter(night_shift):
    saturday, monday = warsaw(2026, 3, 28, 0), warsaw(2026, 3, 30, 0)
    assert business_time_between(saturday, monday, night_shift) == timedelta(hours=23)
    # Sunday's shift ends at noon local time after eleven real hours.
    due = add_business_time(warsaw(2026, 3, 29, 0), timedelta(hours=11), night_shift)
    assert due == warsaw(2026, 3, 29, 12)


def test_a_shift_on_the_fall_back_night_is_an_hour_longer(night_shift):
    saturday, monday = warsaw(2026, 10, 24, 0), warsaw(2026, 10, 26, 0)
    assert business_time_between(saturday, monday, night_shift) == timedelta(hours=25)
    due = add_business_time(warsaw(2026, 10, 25, 0), timedelta(hours=13), night_shift)
    assert due == warsaw(2026, 10, 25, 12)


def test_business_time_between_counts_only_working_hours(poland):
    # Friday 15:00 to Tuesday 10:00: 2 h + 8 h + 1 h.
    assert business_time_between(
        warsaw(2026, 3, 6, 15), warsaw(2026, 3, 10, 10), poland
    ) == timedelta(hours=11)
    assert (
        business_time_between(warsaw(2026, 3, 7, 10), warsaw(2026, 3, 8, 18), poland) == timedelta()
    )
    assert business_time_between(
        warsaw(2026, 3, 10, 10), warsaw(2026, 3, 6, 15), poland
    ) == -timedelta(hours=11)


def test_business_time_between_skips_holidays_and_days_off(poland):
    DayOff.objects.create(calendar=poland, date=date(2026, 4, 7))
    # Good Friday 9-17, then Easter Monday (public) and Tuesday (company) off.
    assert business_time_between(
        warsaw(2026, 4, 3, 9), warsaw(2026, 4, 8, 10), poland
    ) == timedelta(hours=9)


def test_adding_and_measuring_agree(poland):
    start = warsaw(2026, 12, 22, 13, 17)
    for hours in (1, 7, 24, 40, 100):
        due = add_business_time(start, timedelta(hours=hours), poland)
        assert business_time_between(start, due, poland) == timedelta(hours=hours)


def test_a_calendar_without_working_weekdays_is_refused(db):
    empty = Calendar.objects.create(name="Never", country="PL", working_weekdays=[])
    with pytest.raises(CalendarError, match="no working weekdays"):
        add_business_time(warsaw(2026, 3, 6, 15), timedelta(hours=1), empty)
    with pytest.raises(CalendarError, match="no working weekdays"):
        business_time_between(warsaw(2026, 3, 6, 15), warsaw(2026, 3, 9, 15), empty)


def test_working_hours_the_wrong_way_round_are_refused(db):
    backwards = Calendar.objects.create(
        name="Backwards", country="PL", work_starts=time(17), work_ends=time(9)
    )
    with pytest.raises(CalendarError, match="end before they start"):
        add_business_time(warsaw(2026, 3, 6, 15), timedelta(hours=1), backwards)


def test_calendar_validation_explains_each_problem(db):
    calendar = Calendar(
        name="Bad", country="PL", time_zone="Mars/Olympus", working_weekdays=[], work_ends=time(8)
    )
    with pytest.raises(Exception) as refused:
        calendar.full_clean()
    assert set(refused.value.message_dict) == {"time_zone", "working_weekdays", "work_ends"}


def test_naive_datetimes_are_refused(poland):
    with pytest.raises(ValueError, match="aware"):
        add_business_time(datetime(2026, 3, 6, 15), timedelta(hours=1), poland)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 19), date(2026, 3, 19)),  # a Thursday stays
        (date(2026, 3, 21), date(2026, 3, 23)),  # Saturday → Monday
        (date(2026, 3, 22), date(2026, 3, 23)),  # Sunday → Monday
        (date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday → Tuesday
        (date(2026, 5, 1), date(2026, 5, 4)),  # 1 May (Fri), Saturday, 3 May (Sun)
        (date(2026, 11, 11), date(2026, 11, 12)),  # Independence Day
        (date(2026, 12, 24), date(2026, 12, 28)),  # 24-26 December, then Sunday
    ],
)
def test_next_working_day_for_legal_terms(poland, day, expected):
    assert next_working_day(day, poland) == expected


def test_legal_working_days_ignore_the_company_calendar(poland):
    # A company day off or a company that never works Mondays does not move a legal term.
    DayOff.objects.create(calendar=poland, date=date(2026, 3, 23))
    poland.working_weekdays = [1, 2, 3, 4, 5]
    assert next_working_day(date(2026, 3, 21), poland) == date(2026, 3, 23)


def test_end_of_day_is_the_last_moment_in_the_calendar_zone(poland):
    end = end_of_day(date(2026, 3, 29), poland)
    assert end == warsaw(2026, 3, 29, 23, 59, 59, 999999)
    assert end.utcoffset() == timedelta(hours=2)
