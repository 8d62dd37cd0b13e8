import pytest
from django.core.exceptions import ValidationError

from customfields.definitions import (
    add_definition,
    delete_definition,
    set_definition_active,
    update_definition,
)
from customfields.models import AttributeDefinition
from customfields.values import applicable_definitions


def test_the_key_is_made_from_the_label_and_kept_unique(goods, services):
    first = add_definition(category=goods, label="Serial number", kind="text")
    second = add_definition(category=goods, label="Serial number!", kind="text")
    other = add_definition(category=services, label="Serial number", kind="text")
    everywhere = add_definition(label="Serial number", kind="text")
    accented = add_definition(category=goods, label="Data zakupu (ważna)", kind="date")

    assert first.key == "serial_number"
    assert second.key == "serial_number_2"
    assert other.key == "serial_number"
    # A field for every category must not clash with any category's fields.
    assert everywhere.key == "serial_number_3"
    assert accented.key == "data_zakupu_wazna"


def test_new_fields_go_to_the_end_of_their_category(goods):
    first = add_definition(category=goods, label="A", kind="text")
    second = add_definition(category=goods, label="B", kind="text")

    assert second.position > first.position


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([], "Give at least two options, one per line."),
        (["Shop", "  ", ""], "Give at least two options, one per line."),
        (["Shop", "Online", "shop "], "“shop” is listed twice."),
    ],
)
def test_choices_need_two_different_options(goods, choices, message):
    with pytest.raises(ValidationError) as refused:
        add_definition(category=goods, label="Purchased in", kind="choice", choices=choices)

    assert refused.value.message_dict == {"choices": [message]}
    assert not AttributeDefinition.objects.exists()


def test_choices_are_stripped_and_other_kinds_keep_none(goods):
    choice = add_definition(
        category=goods, label="Purchased in", kind="choice", choices=[" Shop ", "", "Online"]
    )
    text = add_definition(category=goods, label="Colour", kind="text", choices=["x", "y"])

    assert choice.choices == ["Shop", "Online"]
    assert text.choices == []


def test_a_label_and_a_known_kind_are_needed(goods):
    with pytest.raises(ValidationError) as refused:
        add_definition(category=goods, label="  ", kind="text")
    assert "label" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        add_definition(category=goods, label="Colour", kind="colour")
    assert "kind" in refused.value.message_dict


def test_the_kind_of_an_answered_field_cannot_change(register, goods, goods_fields):
    register(category=goods, attributes={"serial_number": "SN-1"})
    serial = goods_fields["serial"]

    with pytest.raises(ValidationError) as refused:
        update_definition(serial, label="Serial", kind="number", category=goods)

    assert "kind" in refused.value.message_dict
    serial.refresh_from_db()
    assert (serial.label, serial.kind) == ("Serial number", "text")
    update_definition(serial, label="Serial", kind="text", category=goods, required=False)
    serial.refresh_from_db()
    assert (serial.label, serial.required, serial.key) == ("Serial", False, "serial_number")


def test_moving_a_field_where_its_key_is_taken_is_refused(goods, services):
    add_definition(category=services, label="Colour", kind="text")
    colour = add_definition(category=goods, label="Colour", kind="text")

    with pytest.raises(ValidationError) as refused:
        update_definition(colour, label="Colour", kind="text", category=services)

    assert "category" in refused.value.message_dict
    with pytest.raises(ValidationError):
        update_definition(colour, label="Colour", kind="text", category=None)
    colour.refresh_from_db()
    assert colour.category == goods


def test_a_switched_off_field_is_no_longer_asked(goods, goods_fields):
    set_definition_active(goods_fields["serial"], active=False)

    keys = [d.key for d in applicable_definitions(goods.pk, for_customer=False)]
    assert "serial_number" not in keys
    set_definition_active(goods_fields["serial"], active=True)
    assert "serial_number" in [d.key for d in applicable_definitions(goods.pk, for_customer=False)]


def test_customers_are_asked_only_the_fields_shown_to_them(goods, goods_fields):
    customer = [d.key for d in applicable_definitions(goods.pk, for_customer=True)]
    staff = [d.key for d in applicable_definitions(goods.pk, for_customer=False)]

    assert "inspection_result" not in customer
    assert staff == [*customer, "inspection_result"]


def test_an_answered_field_cannot_be_removed(register, goods, goods_fields):
    register(category=goods, attributes={"serial_number": "SN-1"})

    with pytest.raises(ValidationError) as refused:
        delete_definition(goods_fields["serial"])

    assert "Switch it off instead" in refused.value.messages[0]
    assert AttributeDefinition.objects.filter(pk=goods_fields["serial"].pk).exists()
    delete_definition(goods_fields["weight"])
    assert not AttributeDefinition.objects.filter(pk=goods_fields["weight"].pk).exists()
