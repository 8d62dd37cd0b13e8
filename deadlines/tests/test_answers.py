import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from complaints.customers import Contact
from complaints.models import CustomerType, TimelineEntry
from deadlines.answers import record_answer_delivery, record_answer_posted
from deadlines.models import ComplaintClock
from deadlines.states import State, legal_state
from notifications.delivery import MAX_ATTEMPTS
from notifications.models import OutboundEmail
from notifications.outbox import deliver_email
from workflow.decisions import record_decision
from workflow.transitions import move_complaint

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def now():
    return warsaw(2026, 3, 2, 10, 30)  # a Monday; the Polish 14-day term ends on 16 March


@pytest.fixture
def decide(verify, agent, now):
    def _decide(complaint, *, at):
        move_complaint(complaint, to="verification", by=agent, now=now)
        verify(complaint, by=agent)
        move_complaint(complaint, to="decision", by=agent, now=now)
        return record_decision(
            complaint,
            outcome="accepted",
            justification="The lid's hinge is faulty; we refund the kettle.",
            remedy="refund",
            amount="199.90",
            currency="PLN",
            by=agent,
            now=at,
        )

    return _decide


def clock_of(complaint):
    return ComplaintClock.objects.select_related("legal_rule").get(complaint=complaint)


def legal(complaint, at):
    return legal_state(clock_of(complaint), now=at, received_at=complaint.received_at).state


def unreachable_mail_server(settings):
    from conftest import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }


def test_decision_email_reaches_the_customer_and_stops_the_legal_clock_at_delivery(
    register, decide, smtp_server
):
    complaint = register()
    decided_at, accepted_at = warsaw(2026, 3, 10, 9), warsaw(2026, 3, 10, 9, 5)

    decide(complaint, at=decided_at)

    # Queued is sent, not delivered: the Polish consumer term runs on, at risk.
    clock = clock_of(complaint)
    assert clock.answer_sent_at == decided_at
    assert clock.legal_stopped_at is None
    assert legal(complaint, warsaw(2026, 3, 10, 9, 1)) == State.AT_RISK

    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.DECISION)
    assert deliver_email(email.pk, now=accepted_at) == OutboundEmail.Status.SENT

    [message] = smtp_server.messages
    assert message["To"] == "cecilia@example.com"
    assert complaint.reference in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "your complaint is accepted" in body
    assert "What we will do: Refund · 199.90 PLN" in body
    assert "The lid's hinge is faulty" in body
    assert f"/track/{complaint.tracking_token}/" in body
    assert "does not limit the rights the law gives you" in body
    clock = clock_of(complaint)
    assert clock.legal_stopped_at == accepted_at
    assert legal(complaint, warsaw(2026, 3, 20)) == State.MET
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    assert entry.data == {"action": "answer_delivered", "means": "email", "to": email.to}


def test_a_decision_email_that_fails_for_good_leaves_the_legal_clock_running(
    register, decide, settings
):
    complaint = register()
    decide(complaint, at=warsaw(2026, 3, 10, 9))
    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.DECISION)
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    unreachable_mail_server(settings)

    assert deliver_email(email.pk, now=warsaw(2026, 3, 10, 10)) == OutboundEmail.Status.FAILED

    clock = clock_of(complaint)
    # An e-mail that never left is no answer: not even "sent, not yet delivered".
    assert (clock.answer_sent_at, clock.legal_stopped_at) == (None, None)
    assert legal(complaint, warsaw(2026, 3, 17)) == State.BREACHED
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    assert entry.data == {"action": "answer_email_failed", "to": email.to, "running": True}


def test_where_sending_is_enough_a_failed_decision_email_undoes_the_stop(
    register, decide, settings
):
    complaint = register()
    complaint.customer.customer_type = CustomerType.BUSINESS
    complaint.customer.save()
    from deadlines.clocks import recompute

    recompute(complaint, now=warsaw(2026, 3, 2, 11))
    decided_at = warsaw(2026, 3, 10, 9)
    decide(complaint, at=decided_at)
    # The default rule (no consumer protection) stops when the answer leaves us.
    assert clock_of(complaint).legal_stopped_at == decided_at

    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.DECISION)
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    unreachable_mail_server(settings)
    deliver_email(email.pk, now=warsaw(2026, 3, 10, 10))

    clock = clock_of(complaint)
    assert clock.legal_stopped_at is None
    # Watched again by the checker (DL-3): its next check counts the legal term again, and
    # the missed term is raised.
    from deadlines.checker import check_clocks
    from deadlines.schedule import next_check_at

    assert clock.next_check_at == next_check_at(clock) is not None

    check_clocks(now=clock.legal_due + timedelta(minutes=1))
    actions = complaint.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).values_list(
        "data__action", flat=True
    )
    assert "legal_breach" in actions


def test_a_customer_without_email_gets_no_decision_email_and_staff_are_reminded_to_post_it(
    register, decide
):
    complaint = register(contact=Contact(name="Piotr Postal", phone="+48 601 234 567"))

    decide(complaint, at=warsaw(2026, 3, 10, 9))

    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.DECISION).exists()
    assert clock_of(complaint).answer_sent_at is None
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    assert entry.data == {"action": "answer_by_post"}
    assert not entry.is_public


def test_an_answer_posted_and_later_delivered_stops_the_legal_clock_on_the_delivery_day(
    register, agent
):
    complaint = register(contact=Contact(name="Piotr Postal", phone="+48 601 234 567"))

    clock = record_answer_posted(
        complaint, sent_on=date(2026, 3, 9), by=agent, now=warsaw(2026, 3, 9, 16)
    )
    assert clock.answer_sent_at == warsaw(2026, 3, 9, 16)  # today: not later than now
    assert clock.legal_stopped_at is None
    assert legal(complaint, warsaw(2026, 3, 10, 9)) == State.AT_RISK

    clock = record_answer_delivery(
        complaint, delivered_on=date(2026, 3, 16), by=agent, now=warsaw(2026, 3, 18, 9)
    )
    # Delivered on the last day of the term: in time, whatever the hour.
    assert clock.legal_stopped_at == warsaw(2026, 3, 16, 23, 59, 59, 999999)
    assert legal(complaint, warsaw(2026, 3, 18, 9)) == State.MET
    posted, delivered = complaint.timeline.filter(kind=TimelineEntry.Kind.DEADLINE)
    assert posted.data == {"action": "answer_posted", "date": "2026-03-09"}
    assert delivered.data == {"action": "answer_delivered", "date": "2026-03-16", "means": "post"}
    assert posted.is_public and delivered.is_public and delivered.actor == agent


def test_delivery_of_an_email_can_be_recorded_by_other_proof(register, decide, agent):
    complaint = register()
    decide(complaint, at=warsaw(2026, 3, 10, 9))

    clock = record_answer_delivery(
        complaint,
        delivered_on=date(2026, 3, 11),
        means="other",
        by=agent,
        now=warsaw(2026, 3, 12, 9),
    )

    assert clock.legal_stopped_at == warsaw(2026, 3, 11, 23, 59, 59, 999999)


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [
        (None, "Give the date."),
        (date(2026, 3, 11), "The date cannot be in the future."),
        (date(2026, 3, 1), "The date cannot be before the complaint was received on 2 Mar 2026."),
    ],
)
def test_a_bad_posting_date_is_refused(register, agent, sent_on, message):
    complaint = register()

    with pytest.raises(ValidationError) as refusal:
        record_answer_posted(complaint, sent_on=sent_on, by=agent, now=warsaw(2026, 3, 10, 23))

    assert refusal.value.message_dict == {"sent_on": [message]}
    assert clock_of(complaint).answer_sent_at is None


def test_bad_delivery_dates_are_refused_with_the_reason(register, agent):
    complaint = register()
    now = warsaw(2026, 3, 12, 9)

    with pytest.raises(ValidationError) as refusal:
        record_answer_delivery(complaint, delivered_on=date(2026, 3, 11), by=agent, now=now)
    assert refusal.value.message_dict == {
        "delivered_on": ["Record when the answer was sent before its delivery."]
    }

    record_answer_posted(complaint, sent_on=date(2026, 3, 10), by=agent, now=now)
    refusals = {
        date(2026, 3, 9): "The answer cannot have arrived before it was sent on 10 Mar 2026.",
        date(2026, 3, 13): "The date cannot be in the future.",
        date(2026, 2, 28): "The date cannot be before the complaint was received on 2 Mar 2026.",
    }
    for delivered_on, message in refusals.items():
        with pytest.raises(ValidationError) as refusal:
            record_answer_delivery(complaint, delivered_on=delivered_on, by=agent, now=now)
        assert refusal.value.message_dict == {"delivered_on": [message]}
    with pytest.raises(ValidationError) as refusal:
        record_answer_delivery(
            complaint, delivered_on=date(2026, 3, 11), means="pigeon", by=agent, now=now
        )
    assert refusal.value.message_dict == {"means": ["Choose how the delivery is proven."]}
    assert clock_of(complaint).legal_stopped_at is None

    record_answer_delivery(complaint, delivered_on=date(2026, 3, 11), by=agent, now=now)
    with pytest.raises(ValidationError) as refusal:
        record_answer_delivery(complaint, delivered_on=date(2026, 3, 12), by=agent, now=now)
    assert refusal.value.messages == [
        "The legal clock stopped on 11 Mar 2026 already; there is nothing more to record."
    ]
    with pytest.raises(ValidationError):
        record_answer_posted(complaint, sent_on=date(2026, 3, 12), by=agent, now=now)
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).count() == 2


def test_specialists_record_no_answers(register, specialist):
    complaint = register()

    with pytest.raises(PermissionDenied):
        record_answer_posted(
            complaint, sent_on=date(2026, 3, 3), by=specialist, now=warsaw(2026, 3, 4)
        )
    with pytest.raises(PermissionDenied):
        record_answer_delivery(
            complaint, delivered_on=date(2026, 3, 3), by=specialist, now=warsaw(2026, 3, 4)
        )
