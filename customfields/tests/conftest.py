import pytest

from complaints.models import Category
from customfields.definitions import add_definition


@pytest.fixture
def goods(db):
    return Category.objects.create(name="Goods")


@pytest.fixture
def services(db):
    return Category.objects.create(name="Services")


@pytest.fixture
def goods_fields(goods):
    """Goods ask every kind of field; one of them only staff fill in."""
    return {
        "serial": add_definition(category=goods, label="Serial number", kind="text", required=True),
        "weight": add_definition(category=goods, label="Weight in kg", kind="number"),
        "delivered": add_definition(category=goods, label="Delivered on", kind="date"),
        "shop": add_definition(
            category=goods, label="Purchased in", kind="choice", choices=["Shop", "Online"]
        ),
        "card": add_definition(category=goods, label="Warranty card", kind="file"),
        "inspection": add_definition(
            category=goods, label="Inspection result", kind="text", visible_to_customer=False
        ),
    }
