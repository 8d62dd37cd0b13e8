import pytest

from complaints.models import Category, Priority
from deadlines.calendars import default_calendar
from deadlines.models import SlaPolicy
from deadlines.policies import policy_for


@pytest.fixture
def standard(db):
    return SlaPolicy.objects.get()


@pytest.fixture
def goods(db):
    return Category.objects.create(name="Goods")


def test_the_shipped_policy_answers_in_a_day_and_resolves_in_five_working_days(standard):
    assert standard.first_response_hours == 24
    assert standard.resolution_hours == 40
    assert standard.warn_at_percent == 75
    assert standard.calendar == default_calendar()
    assert policy_for(None, Priority.NORMAL, "consumer") == standard


def test_the_most_specific_policy_wins(standard, goods):
    urgent = SlaPolicy.objects.create(name="Urgent", priority=Priority.URGENT, resolution_hours=8)
    for_goods = SlaPolicy.objects.create(name="Goods", category=goods, resolution_hours=80)
    business = SlaPolicy.objects.create(name="B2B", customer_type="business")
    urgent_goods = SlaPolicy.objects.create(
        name="Urgent goods", category=goods, priority=Priority.URGENT
    )
    assert policy_for(None, Priority.URGENT, "consumer") == urgent
    assert policy_for(goods.pk, Priority.NORMAL, "consumer") == for_goods
    assert policy_for(goods.pk, Priority.URGENT, "consumer") == urgent_goods
    assert policy_for(None, Priority.NORMAL, "business") == business
    # A category beats a priority, which beats a customer type.
    assert policy_for(goods.pk, Priority.NORMAL, "business") == for_goods
    assert policy_for(None, Priority.URGENT, "business") == urgent


def test_inactive_policies_are_ignored(standard):
    SlaPolicy.objects.create(name="Urgent", priority=Priority.URGENT, is_active=False)
    assert policy_for(None, Priority.URGENT, "consumer") == standard
    standard.is_active = False
    standard.save()
    assert policy_for(None, Priority.URGENT, "consumer") is None
