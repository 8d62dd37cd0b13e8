import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from complaints.customers import Contact
from complaints.models import Attachment, Complaint, Customer, TimelineEntry
from conftest import photo, receipt
from notifications.models import OutboundEmail


def test_registration_stores_the_whole_record(register, now):
    complaint = register(uploads=[photo(), receipt()], order_number=" ORD-77 ")

    complaint.refresh_from_db()
    assert complaint.reference == f"RK-{now.year}-000001"
    assert complaint.channel == "web_form"
    assert complaint.received_at == now
    assert complaint.customer.email == "cecilia@example.com"
    assert complaint.order_number == "ORD-77"
    assert complaint.stage == "new"
    assert complaint.consent_at == now
    assert [a.content_type for a in complaint.attachments.all()] == [
        "image/jpeg",
        "application/pdf",
    ]
    entry = complaint.timeline.get()
    assert entry.kind == TimelineEntry.Kind.REGISTERED
    assert entry.is_public
    assert entry.data == {"channel": "web_form", "attachments": 2}


def test_references_follow_a_sequence_per_year(register, now):
    first = register()
    second = register()
    next_year = register(received_at=now.replace(year=now.year + 1))

    assert first.reference == f"RK-{now.year}-000001"
    assert second.reference == f"RK-{now.year}-000002"
    assert next_year.reference == f"RK-{now.year + 1}-000001"


def test_returning_customer_is_found_by_email_or_phone(register):
    first = register(contact=Contact(name="Ola", email="Ola@Example.com", phone=""))
    by_email = register(contact=Contact(name="Ola N.", email="ola@example.com"))
    with_phone = register(
        contact=Contact(name="Ola", email="ola@example.com", phone="+48 601-234-567")
    )
    by_phone = register(contact=Contact(name="Ola", phone="+48601234567"))

    assert by_email.customer == first.customer == with_phone.customer == by_phone.customer
    assert Customer.objects.count() == 1
    assert first.customer.__class__.objects.get().phone == "+48601234567"


def test_acknowledgment_is_queued_only_when_the_registration_commits(
    register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        complaint = register()

    assert len(callbacks) == 1
    email = OutboundEmail.objects.get()
    assert email.complaint == complaint
    assert email.status == OutboundEmail.Status.PENDING
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_email_task").count() == 1


def test_rolled_back_registration_leaves_nothing_and_sends_nothing(
    register, django_capture_on_commit_callbacks
):
    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        register(uploads=[photo()])
        raise Boom

    assert callbacks == []
    assert Complaint.objects.count() == 0
    assert OutboundEmail.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_failed_registration_removes_the_files_it_stored(register, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("intake.registration.record_event", fail)
    with pytest.raises(RuntimeError):
        register(uploads=[photo(), photo("second.jpg")])

    assert Complaint.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_the_same_submission_twice_makes_one_complaint(register):
    first = register(submission_key="form-123")
    second = register(submission_key="form-123")

    assert first == second
    assert Complaint.objects.count() == 1


def test_customer_without_email_gets_no_email(register):
    register(contact=Contact(name="Phone Only", phone="601 234 567"))

    assert OutboundEmail.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"contact": Contact(name="No Contact")}, "email"),
        ({"contact": Contact(name="  ", email="x@example.com")}, "name"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 20_001}, "description"),
        ({"requested_remedy": "free-money"}, "requested_remedy"),
        ({"language": "xx"}, "language"),
    ],
)
def test_invalid_input_is_refused_with_a_message_per_field(register, overrides, field):
    with pytest.raises(ValidationError) as caught:
        register(**overrides)

    assert field in caught.value.message_dict
    assert Complaint.objects.count() == 0


def test_description_of_exactly_the_limit_is_accepted(register):
    complaint = register(description="y" * 20_000)

    assert len(complaint.description) == 20_000


def test_staff_can_register_for_an_existing_customer(register, agent):
    earlier = register()

    complaint = register(
        customer=earlier.customer, contact=Contact(name=""), channel="phone", registered_by=agent
    )

    assert complaint.customer == earlier.customer
    assert complaint.created_by == agent
    assert complaint.timeline.get().actor == agent


def test_the_reference_year_is_the_companys_local_year(register, settings):
    from datetime import UTC, datetime

    settings.TIME_ZONE = "Europe/Warsaw"
    # 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Warsaw.
    complaint = register(received_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))

    assert complaint.reference == "RK-2027-000001"


def test_a_repeat_complaint_is_flagged_and_linked(register, verify, now, agent):
    from datetime import timedelta

    from complaints.models import Complaint
    from workflow.decisions import record_decision
    from workflow.transitions import move_complaint

    first = register(product="Kettle X")
    other_product = register(product="Toaster")
    again = register(product=" kettle x ")

    assert again.repeat_of == first
    assert other_product.repeat_of is None
    assert again.timeline.get().data["repeat_of"] == first.reference

    # A closed complaint counts only within the window (90 days by default).
    move_complaint(first, to="verification", by=agent, now=now)
    verify(first, by=agent)
    move_complaint(first, to="decision", by=agent, now=now)
    record_decision(first, outcome="rejected", justification="No.", by=agent, now=now)
    Complaint.objects.filter(pk=again.pk).delete()
    soon = register(product="Kettle X", received_at=now + timedelta(days=30))
    later = register(
        product="Kettle X",
        received_at=now + timedelta(days=200),
        contact=Contact(name="Cecilia Customer", email="cecilia@example.com"),
    )
    assert soon.repeat_of == first
    assert later.repeat_of == soon  # soon is still open


def test_no_product_no_repeat(register):
    register(product="")

    assert register(product="").repeat_of is None
