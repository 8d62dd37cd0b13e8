import zoneinfo
from datetime import date, datetime, timedelta

import pytest

from deadlines.calendars import default_calendar
from deadlines.legal import legal_due, rule_for
from deadlines.models import Calendar, LegalRule

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def poland(db):
    return default_calendar()


@pytest.fixture
def russia(db):
    return Calendar.objects.create(name="Moscow", country="RU", time_zone="Europe/Moscow")


@pytest.fixture
def england(db):
    return Calendar.objects.create(
        name="London", country="GB", subdivision="ENG", time_zone="Europe/London"
    )


def shipped(jurisdiction, **conditions):
    return LegalRule.objects.get(jurisdiction=jurisdiction, **conditions)


@pytest.fixture
def pl_goods(db):
    return shipped("PL", customer_type="consumer", subject="goods")


def test_every_shipped_rule_cites_its_source(db):
    rules = LegalRule.objects.all()
    assert rules.count() == 9
    for rule in rules:
        assert len(rule.description) > 80, rule.name
    assert "art. 7a" in shipped("PL", subject="goods").description
    assert "561⁵" in shipped("PL", subject="goods").description
    assert "art. 7a" in shipped("PL", subject="services").description
    assert "Art. 8" in shipped("PL", subject="financial").description
    assert "ст. 22" in shipped("RU", remedy="refund").description
    assert "ст. 21" in shipped("RU", remedy="replacement").description
    assert "ст. 20" in shipped("RU", remedy="repair").description
    assert "DISP 1.6.2R" in shipped("GB").description


def test_polish_consumer_term_is_fourteen_days_from_the_day_after_receipt(poland, pl_goods):
    due = legal_due(datetime(2026, 3, 5, 16, tzinfo=WARSAW), pl_goods, poland)
    assert due.last_day == date(2026, 3, 19)
    assert due.ends_at == datetime(2026, 3, 19, 23, 59, 59, 999999, tzinfo=WARSAW)
    assert (pl_goods.stops_at, pl_goods.consequence) == ("delivery", "deemed_accepted")


def test_receipt_is_dated_in_the_calendar_zone(poland, pl_goods):
    # 23:30 UTC on 5 March is already 6 March in Warsaw.
    received = datetime(2026, 3, 5, 23, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert legal_due(received, pl_goods, poland).last_day == date(2026, 3, 20)


def test_polish_term_ending_on_a_saturday_moves_to_monday(poland, pl_goods):
    assert legal_due(datetime(2026, 3, 7, 10, tzinfo=WARSAW), pl_goods, poland).last_day == date(
        2026, 3, 23
    )


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        (date(2026, 3, 23), date(2026, 4, 7)),  # ends on Easter Monday
        (date(2026, 4, 17), date(2026, 5, 4)),  # ends on 1 May, then Saturday, 3 May Sunday
        (date(2026, 10, 28), date(2026, 11, 12)),  # ends on 11 November
    ],
)
def test_polish_term_ending_on_a_holiday_moves_to_the_next_working_day(poland, received, last_day):
    rule = shipped("PL", customer_type="consumer", subject="services")
    due = legal_due(datetime.combine(received, datetime.min.time(), tzinfo=WARSAW), rule, poland)
    assert due.last_day == last_day


def test_a_rule_without_the_move_ends_on_the_saturday(england):
    rule = shipped("GB")
    due = legal_due(datetime(2026, 3, 7, 10, tzinfo=LONDON), rule, england)
    assert due.last_day == date(2026, 5, 2)  # eight weeks later, a Saturday
    assert due.ends_at == datetime(2026, 5, 2, 23, 59, 59, 999999, tzinfo=LONDON)


def test_polish_financial_term_is_thirty_days_or_sixty_in_a_complex_case(poland):
    rule = shipped("PL", subject="financial")
    received = datetime(2026, 3, 2, 9, tzinfo=WARSAW)
    assert legal_due(received, rule, poland).last_day == date(2026, 4, 1)
    # 60 days: Friday 1 May 2026, a holiday, then the weekend.
    assert legal_due(received, rule, poland, complex_case=True).last_day == date(2026, 5, 4)
    assert rule.stops_at == "sending"


@pytest.mark.parametrize(
    ("remedy", "complex_case", "last_day"),
    [
        ("refund", False, date(2026, 3, 12)),
        ("price_reduction", False, date(2026, 3, 12)),
        # Replacement in 7 days ends on Monday 9 March, a day off for 8 March that fell on
        # a Sunday; it moves to Tuesday.
        ("replacement", False, date(2026, 3, 10)),
        ("replacement", True, date(2026, 3, 23)),  # 20 days with a quality check: Sunday
        ("repair", False, date(2026, 4, 16)),
    ],
)
def test_russian_consumer_terms(russia, remedy, complex_case, last_day):
    rule = shipped("RU", remedy=remedy)
    received = datetime(2026, 3, 2, 12, tzinfo=MOSCOW)
    assert legal_due(received, rule, russia, complex_case=complex_case).last_day == last_day


def test_the_extended_term_applies_only_where_the_rule_has_one(poland, pl_goods):
    received = datetime(2026, 3, 5, 16, tzinfo=WARSAW)
    assert legal_due(received, pl_goods, poland, complex_case=True).last_day == date(2026, 3, 19)


def test_rule_for_picks_the_most_specific_rule(db):
    assert rule_for("PL", "consumer", "goods", "repair") == shipped("PL", subject="goods")
    assert rule_for("PL", "consumer", "services", "refund") == shipped("PL", subject="services")
    assert rule_for("PL", "consumer", "financial", "refund") == shipped("PL", subject="financial")
    assert rule_for("PL", "business", "financial", "other") == shipped("PL", subject="financial")
    assert rule_for("RU", "consumer", "goods", "refund") == shipped("RU", remedy="refund")
    assert rule_for("RU", "consumer", "goods", "repair") == shipped("RU", remedy="repair")
    assert rule_for("GB", "consumer", "financial", "refund") == shipped("GB")


def test_rule_for_falls_back_to_the_general_default(db):
    default = LegalRule.objects.get(jurisdiction="", name__startswith="Default")
    # No consumer term in Polish law between businesses, none for "other" in Russia.
    assert rule_for("PL", "business", "goods", "repair") == default
    assert rule_for("RU", "consumer", "goods", "other") == default
    assert rule_for("DE", "consumer", "goods", "repair") == default
    # A condition the rule names is not met by an unknown value.
    assert rule_for("PL", "consumer", "", "repair") == default


def test_rule_for_prefers_the_shorter_of_two_equally_specific_rules(db):
    longer = LegalRule.objects.create(
        name="Longer", jurisdiction="RU", customer_type="consumer", remedy="refund", days=30
    )
    shipped_refund = LegalRule.objects.get(name__startswith="Russia, consumer, refund")
    assert rule_for("RU", "consumer", "goods", "refund") == shipped_refund
    longer.days = 5
    longer.save()
    assert rule_for("RU", "consumer", "goods", "refund") == longer


def test_inactive_rules_are_ignored(db):
    LegalRule.objects.filter(jurisdiction="").update(is_active=False)
    LegalRule.objects.filter(subject="goods").update(is_active=False)
    assert rule_for("PL", "consumer", "goods", "repair") is None
    assert rule_for("PL", "consumer", "services", "repair") == shipped("PL", subject="services")


def test_legal_due_counts_calendar_days_not_business_days(poland, pl_goods):
    received = datetime(2026, 12, 20, 12, tzinfo=WARSAW)
    # 3 January 2027 is a Sunday; 24-26 December do not stretch the term.
    assert legal_due(received, pl_goods, poland).last_day == date(2027, 1, 4)
    assert legal_due(received, pl_goods, poland).ends_at - received > timedelta(days=14)
