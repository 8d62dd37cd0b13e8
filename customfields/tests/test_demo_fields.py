from django.utils import timezone

from complaints.models import Category, TimelineEntry
from customfields.models import AttributeValue
from reklamo.demo_data import seed_demo


def test_the_demo_has_goods_and_services_with_answers(db):
    Category.objects.create(name="goods")  # made by the category settings before the demo

    seed_demo(now=timezone.now(), count=30)

    assert sorted(Category.objects.values_list("name", flat=True)) == ["Services", "goods"]
    keys = set(AttributeValue.objects.values_list("definition__key", flat=True))
    assert {"serial_number", "purchased_in", "inspection_result"} <= keys
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.ATTRIBUTES).exists()
