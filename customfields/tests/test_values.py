import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.models import Attachment, Category, Complaint, TimelineEntry
from conftest import photo, receipt
from customfields.definitions import add_definition
from customfields.models import AttributeValue
from customfields.queries import complaint_attributes
from customfields.values import save_values
from workflow.models import Process, Stage

GOOD = {
    "serial_number": "SN-123",
    "weight_in_kg": "2.5",
    "delivered_on": "2026-02-20",
    "purchased_in": "Online",
}


def values_of(complaint):
    return {
        value.definition.key: value.value
        for value in AttributeValue.objects.filter(complaint=complaint).select_related("definition")
    }


def test_a_customer_answers_every_kind_and_the_answers_are_stored(register, goods, goods_fields):
    complaint = register(category=goods, attributes={**GOOD, "warranty_card": receipt()})

    assert complaint.category == goods
    assert values_of(complaint) == {
        "serial_number": "SN-123",
        "weight_in_kg": "2.5",
        "delivered_on": "2026-02-20",
        "purchased_in": "Online",
        "warranty_card": None,
    }
    card = AttributeValue.objects.get(definition=goods_fields["card"])
    assert card.attachment.complaint == complaint
    assert card.attachment.original_name == "receipt.pdf"
    assert card.attachment.content_type == "application/pdf"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight_in_kg", "heavy", "Enter a number."),
        ("weight_in_kg", "Infinity", "Enter a number."),
        ("delivered_on", "31/31/2026", "Enter a valid date."),
        ("purchased_in", "Market stall", "Choose one of the options in the list."),
        ("serial_number", "", "This field is required."),
        ("serial_number", "x" * 501, "Ensure this value has at most 500 characters"),
    ],
)
def test_bad_answers_are_refused_by_field_and_nothing_is_stored(
    register, goods, goods_fields, field, value, message
):
    with pytest.raises(ValidationError) as refused:
        register(category=goods, attributes={**GOOD, field: value})

    errors = refused.value.message_dict
    assert list(errors) == [f"attr_{field}"]
    assert message in errors[f"attr_{field}"][0]
    assert Complaint.objects.count() == 0
    assert AttributeValue.objects.count() == 0


def test_optional_fields_may_stay_empty(register, goods, goods_fields):
    complaint = register(category=goods, attributes={"serial_number": "SN-1"})

    assert values_of(complaint) == {"serial_number": "SN-1"}


def test_a_file_is_checked_by_its_content_not_its_name(register, goods, goods_fields, settings):
    fake = SimpleUploadedFile("card.pdf", b"MZ\x90\x00 an executable", "application/pdf")

    with pytest.raises(ValidationError) as refused:
        register(category=goods, attributes={**GOOD, "warranty_card": fake})

    assert "“card.pdf” is not a photo" in refused.value.message_dict["attr_warranty_card"][0]
    assert Complaint.objects.count() == 0
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_customer_cannot_answer_a_staff_only_field(register, goods, goods_fields):
    with pytest.raises(ValidationError) as refused:
        register(category=goods, attributes={**GOOD, "inspection_result": "Looks fine"})

    assert "inspection_result" in refused.value.messages[0]
    assert Complaint.objects.count() == 0


def test_staff_answer_staff_only_fields(register, goods, goods_fields, agent):
    complaint = register(
        category=goods,
        attributes={**GOOD, "inspection_result": "Scratched casing"},
        registered_by=agent,
    )

    assert values_of(complaint)["inspection_result"] == "Scratched casing"


def test_a_required_staff_only_field_is_not_asked_of_the_customer(register, goods, agent):
    add_definition(
        category=goods, label="Checked by", kind="text", visible_to_customer=False, required=True
    )

    assert register(category=goods, attributes={}).pk
    with pytest.raises(ValidationError) as refused:
        register(category=goods, attributes={}, registered_by=agent)
    assert "attr_checked_by" in refused.value.message_dict


def test_fields_of_another_category_are_refused(register, goods, services, goods_fields):
    with pytest.raises(ValidationError):
        register(category=services, attributes={"serial_number": "SN-1"})


def test_fields_for_every_category_apply_to_each(register, goods, services):
    add_definition(label="Store branch", kind="text", required=True)

    complaint = register(category=services, attributes={"store_branch": "Kraków"})

    assert values_of(complaint) == {"store_branch": "Kraków"}
    with pytest.raises(ValidationError):
        register(attributes={})


def test_channels_that_ask_no_fields_are_not_held_to_them(register, goods, goods_fields):
    complaint = register(category=goods)

    assert complaint.category == goods
    assert values_of(complaint) == {}


def test_an_inactive_category_is_refused(register, goods):
    goods.is_active = False
    goods.save()

    with pytest.raises(ValidationError) as refused:
        register(category=goods)

    assert "category" in refused.value.message_dict


def test_the_category_process_gives_the_first_stage(register, goods):
    process = Process.objects.create(name="Goods process")
    process.categories.add(goods)
    Stage.objects.create(process=process, key="triage", name="Triage", is_initial=True)

    assert register(category=goods).stage == "triage"
    assert register().stage == "new"


def test_a_failed_registration_removes_the_files_it_stored(
    register, goods, goods_fields, settings, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("intake.registration.record_event", fail)

    with pytest.raises(RuntimeError):
        register(
            category=goods,
            attributes={**GOOD, "warranty_card": receipt()},
            uploads=[photo()],
        )

    assert Complaint.objects.count() == 0
    assert Attachment.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_staff_changes_are_recorded_on_the_timeline(register, goods, goods_fields, agent, now):
    complaint = register(category=goods, attributes=GOOD)
    later = now + datetime.timedelta(hours=1)

    changes = save_values(
        complaint,
        {**GOOD, "serial_number": "SN-999", "weight_in_kg": "", "inspection_result": "OK"},
        by=agent,
        now=later,
    )

    assert [change["label"] for change in changes] == [
        "Serial number",
        "Weight in kg",
        "Inspection result",
    ]
    assert values_of(complaint)["serial_number"] == "SN-999"
    assert "weight_in_kg" not in values_of(complaint)
    entry = TimelineEntry.objects.get(kind=TimelineEntry.Kind.ATTRIBUTES)
    assert entry.actor == agent
    assert entry.created_at == later
    assert not entry.is_public
    assert entry.data["changes"][0] == {
        "label": "Serial number",
        "before": "SN-123",
        "after": "SN-999",
    }


def test_fields_left_out_keep_their_answers(register, goods, goods_fields, agent, now):
    complaint = register(category=goods, attributes=GOOD)

    save_values(complaint, {"inspection_result": "Dented"}, by=agent, now=now)

    assert values_of(complaint) == {**GOOD, "inspection_result": "Dented"}


def test_saving_the_same_answers_records_nothing(register, goods, goods_fields, agent, now):
    complaint = register(category=goods, attributes=GOOD)

    assert save_values(complaint, GOOD, by=agent, now=now) == []
    assert not TimelineEntry.objects.filter(kind=TimelineEntry.Kind.ATTRIBUTES).exists()


def test_a_refused_change_changes_nothing(register, goods, goods_fields, agent, now):
    complaint = register(category=goods, attributes=GOOD)

    with pytest.raises(ValidationError) as refused:
        save_values(
            complaint,
            {**GOOD, "serial_number": "SN-2", "weight_in_kg": "a lot"},
            by=agent,
            now=now,
        )

    assert list(refused.value.message_dict) == ["attr_weight_in_kg"]
    assert values_of(complaint)["serial_number"] == "SN-123"
    assert not TimelineEntry.objects.filter(kind=TimelineEntry.Kind.ATTRIBUTES).exists()


def test_a_stored_file_is_kept_unless_replaced(register, goods, goods_fields, agent, now):
    add_definition(category=goods, label="Receipt", kind="file", required=True)
    complaint = register(category=goods, attributes={**GOOD, "receipt": receipt()})

    assert save_values(complaint, {**GOOD, "receipt": None}, by=agent, now=now) == []
    changes = save_values(complaint, {**GOOD, "receipt": photo("new.jpg")}, by=agent, now=now)

    assert changes[0]["before"] == "receipt.pdf"
    assert changes[0]["after"] == "new.jpg"
    # The replaced file stays with the complaint as evidence.
    assert complaint.attachments.count() == 2


def test_answers_of_a_previous_category_stay_and_are_shown_as_such(
    register, goods, services, goods_fields
):
    add_definition(category=services, label="Date of service", kind="date")
    complaint = register(category=goods, attributes=GOOD)
    Complaint.objects.filter(pk=complaint.pk).update(category=services)
    complaint.refresh_from_db()

    shown = {attribute.definition.key: attribute for attribute in complaint_attributes(complaint)}

    assert shown["date_of_service"].value is None
    assert not shown["date_of_service"].no_longer_applies
    assert shown["serial_number"].value == "SN-123"
    assert shown["serial_number"].no_longer_applies
    assert shown["weight_in_kg"].value == Decimal("2.5")
    assert shown["delivered_on"].value == datetime.date(2026, 2, 20)
    assert "inspection_result" not in shown  # a goods field without an answer


def test_a_categoryless_install_registers_as_before(register):
    assert not Category.objects.exists()

    complaint = register(attributes={})

    assert complaint.category is None
    assert complaint.stage == "new"
