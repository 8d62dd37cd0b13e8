"""CO-1: notification rules, templates per language, threading of what we send."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from complaints.customers import Contact
from consultations.opinions import request_opinion
from notifications.models import NotificationRule, NotificationTemplate, OutboundEmail
from notifications.outbox import deliver_email
from notifications.placeholders import render
from notifications.rules import Event, notify
from sms.models import OutboundSms
from workflow.models import Stage
from workflow.signals import stage_entered
from workflow.transitions import move_complaint


def rule(event, channel="email"):
    return NotificationRule.objects.get(event=event, channel=channel)


def test_defaults_ship_every_event_in_four_languages(db):
    for event in NotificationRule.Event.values:
        sms = rule(event, "sms")
        assert sorted(sms.templates.values_list("language", flat=True)) == ["el", "en", "pl", "ru"]
    for template in NotificationTemplate.objects.all():
        template.full_clean()  # every shipped text uses only known placeholders
    assert "Dzień dobry" in rule("closed").templates.get(language="pl").body
    assert "Здравствуйте" in rule("closed").templates.get(language="ru").body
    assert "Γεια σας" in rule("closed").templates.get(language="el").body


def test_unknown_placeholder_is_refused_with_its_name(db):
    template = rule("closed").templates.get(language="en")
    template.body = "Hello {customer_name}, see {trackingurl} or {customer.__class__}"
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    messages = refused.value.message_dict["body"]
    assert any("{trackingurl}" in message for message in messages)
    assert any("{customer.__class__}" in message for message in messages)
    template.body = "Unclosed {reference"
    with pytest.raises(ValidationError, match="brace"):
        template.full_clean()


def test_the_formatter_reaches_no_attributes():
    assert render("{reference} {reference!r} {x}", {"reference": "RK-1"}) == "RK-1 RK-1 "


def test_stage_with_tell_the_customer_sends_its_customer_text(register, agent, now, smtp_server):
    complaint = register(language="pl")
    OutboundEmail.objects.all().delete()
    Stage.objects.filter(key="verification").update(
        notify_customer=True, customer_text="Sprawdzamy Twoje zgłoszenie."
    )
    with transaction.atomic():
        move_complaint(complaint, to="verification", by=agent, now=now)
    # (on_commit ran: pytest-django's transaction here is the test's, so send it by hand)
    stage_entered.send(sender=Stage, complaint_id=complaint.pk, stage_key="verification", at=now)

    email = OutboundEmail.objects.get(complaint=complaint)
    assert email.purpose == OutboundEmail.Purpose.NOTIFICATION
    assert email.language == "pl"
    assert "Sprawdzamy Twoje zgłoszenie." in email.body
    assert email.subject == f"[{complaint.reference}] Nowe informacje o Twojej reklamacji"


def test_a_rule_switched_off_sends_nothing(register, now):
    complaint = register()
    NotificationRule.objects.filter(event="received").update(enabled=False)
    later = register(contact=Contact(name="Dora", email="dora@example.com"))
    stage_entered.send(sender=Stage, complaint_id=complaint.pk, stage_key="closed", at=now)
    assert OutboundEmail.objects.filter(complaint=later).count() == 0
    assert OutboundEmail.objects.filter(complaint=complaint, purpose="notification").count() == 1

    NotificationRule.objects.filter(event="closed").update(enabled=False)
    stage_entered.send(sender=Stage, complaint_id=complaint.pk, stage_key="closed", at=now)
    assert OutboundEmail.objects.filter(complaint=complaint, purpose="notification").count() == 1


def test_language_without_a_template_falls_back_to_english(register, now):
    rule("closed").templates.filter(language="pl").delete()
    complaint = register(language="pl")
    [email] = notify(complaint, Event.CLOSED, now=now)
    assert email.language == "en"
    assert email.body.startswith("Hello Cecilia Customer,")
    assert complaint.reference in email.body


def test_russian_and_greek_customers_get_their_language(register, now):
    complaint = register(language="en")
    for language, greeting in (("ru", "Здравствуйте"), ("el", "Γεια σας")):
        complaint.language = language
        [email] = notify(complaint, Event.CLOSED, now=now)
        assert email.body.startswith(greeting)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing(register, now):
    complaint = register()
    before = OutboundEmail.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(complaint, Event.CLOSED, now=now)
        raise RuntimeError("the change failed")
    assert OutboundEmail.objects.count() == before


def test_decision_and_extension_get_no_second_email(register, now):
    complaint = register(contact=Contact(name="Ed", email="ed@example.com", phone="601 234 567"))
    rule("decision", "sms").__class__.objects.filter(channel="sms").update(enabled=True)
    queued = notify(complaint, Event.DECISION, now=now, context={"decision": "accepted"})
    assert [type(row) for row in queued] == [OutboundSms]
    assert queued[0].to == "+48601234567"
    assert "accepted" in queued[0].text


def test_specialist_involved_tells_the_customer_the_date(register, agent, specialist, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    due = date(2026, 12, 1)
    request_opinion(
        complaint, specialist=specialist, question="Is it a defect?", due=due, by=agent, now=now
    )
    from consultations.signals import opinion_requested

    opinion_requested.send(sender=None, complaint_id=complaint.pk, request_id=1, due=due, at=now)
    email = OutboundEmail.objects.get(complaint=complaint, purpose="notification")
    assert "expert" in email.body
    assert "2026" in email.body


def test_outgoing_mail_is_threaded(register, now, smtp_server, django_capture_on_commit_callbacks):
    complaint = register()
    acknowledgment = OutboundEmail.objects.get(complaint=complaint)
    [second] = notify(complaint, Event.CLOSED, now=now + timedelta(minutes=1))
    [third] = notify(complaint, Event.CLOSED, now=now + timedelta(minutes=2))
    for email in (acknowledgment, second, third):
        deliver_email(email.pk, now=now + timedelta(minutes=3))

    first_message, second_message, third_message = smtp_server.messages
    assert first_message["In-Reply-To"] is None
    assert first_message["Subject"].startswith(f"[{complaint.reference}] ")
    assert second_message["In-Reply-To"] == acknowledgment.message_id
    assert second_message["References"] == acknowledgment.message_id
    assert third_message["Message-ID"] == third.message_id
    assert third_message["In-Reply-To"] == second.message_id
    assert third_message["References"].split() == [acknowledgment.message_id, second.message_id]
    assert third_message["Subject"].count(complaint.reference) == 1


def test_a_message_from_staff_adds_a_text_message_when_the_rule_is_on(register, agent, now):
    from messaging.sending import send_message

    complaint = register(contact=Contact(name="Ed", email="ed@example.com", phone="601234567"))
    NotificationRule.objects.filter(event="message_from_staff", channel="sms").update(enabled=True)
    send_message(complaint, by=agent, subject="Hello", body="We have news.", now=now)

    sms = OutboundSms.objects.get(complaint=complaint)
    assert sms.event == "message_from_staff"
    assert complaint.reference in sms.text
    assert OutboundEmail.objects.filter(complaint=complaint, purpose="message").count() == 1


def test_a_rejected_complaint_gets_no_closed_notice(register, agent, now):
    from workflow.models import Decision

    complaint = register()
    Decision.objects.create(
        complaint=complaint,
        outcome=Decision.Outcome.REJECTED,
        justification="Outside the warranty.",
        decided_by=agent,
        decided_at=now,
    )
    stage_entered.send(sender=Stage, complaint_id=complaint.pk, stage_key="rejected", at=now)
    assert not OutboundEmail.objects.filter(complaint=complaint, purpose="notification").exists()
