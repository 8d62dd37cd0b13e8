from datetime import timedelta

import pytest

from complaints.merging import linked_complaints, merge_complaint
from complaints.models import Attachment, Channel, Complaint, Remedy, TimelineEntry
from mailin.ingest import ingest_message, reprocess_quarantined
from mailin.models import InboundEmail, QuarantinedEmail
from mailin.tests import messages
from notifications.models import OutboundEmail


def acknowledgment_of(complaint):
    return complaint.emails.get(purpose=OutboundEmail.Purpose.ACKNOWLEDGMENT)


def received(complaint):
    return complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)


@pytest.fixture
def mailed(db, now):
    """A complaint opened by Cecilia's e-mail."""
    outcome = ingest_message(messages.plain(), now=now)
    assert outcome.kind == "created"
    return outcome.complaint


def test_a_new_message_opens_a_complaint_and_is_acknowledged(db, now):
    outcome = ingest_message(messages.thunderbird_pl_iso(), now=now)
    complaint = outcome.complaint
    assert str(outcome) == f"created {complaint.reference}"
    assert complaint.channel == Channel.EMAIL
    assert complaint.requested_remedy == Remedy.OTHER
    assert complaint.language == "pl"
    assert complaint.customer.email == "pawel.zolc@poczta.example.pl"
    assert complaint.customer.name == "Paweł Żółć"
    assert "czajnik przecieka" in complaint.description
    assert "Paweł Żółć" not in complaint.description.split("\n\n", 1)[1]  # signature trimmed
    assert acknowledgment_of(complaint).to == "pawel.zolc@poczta.example.pl"
    inbound = InboundEmail.objects.get()
    assert bytes(inbound.raw) == messages.thunderbird_pl_iso()
    assert inbound.outcome == InboundEmail.Outcome.CREATED


def test_attachments_are_stored_with_channel_email(db, now):
    complaint = ingest_message(messages.gmail_pl_utf8_with_photo(), now=now).complaint
    [attachment] = complaint.attachments.all()
    assert attachment.original_name == "pęknięcie.jpg"
    assert attachment.channel == Channel.EMAIL
    assert attachment.content_type == "image/jpeg"


def test_a_file_the_form_would_refuse_is_noted_not_fatal(db, now):
    raw = messages.gmail_pl_utf8_with_photo().replace(
        b"Content-Transfer-Encoding: base64\nX-A", b"Content-Transfer-Encoding: 7bit\nX-A"
    )
    outcome = ingest_message(raw, now=now)
    assert outcome.kind == "created"
    assert not outcome.complaint.attachments.exists()
    assert "files not kept: pęknięcie.jpg" in InboundEmail.objects.get().reason


@pytest.mark.parametrize(
    "raw, words",
    [
        (messages.outlook_ru_koi8(), "чайник не включается"),
        (messages.apple_mail_ru_1251_html_only(), "Утюг сломался через неделю."),
        (messages.greek_iso_8859_7(), "η συσκευή δεν λειτουργεί."),
    ],
)
def test_russian_and_greek_mail_opens_complaints(db, now, raw, words):
    complaint = ingest_message(raw, now=now).complaint
    assert words in complaint.description


def test_a_reply_with_headers_lands_in_its_complaint(mailed, now):
    ack = acknowledgment_of(mailed)
    reply = messages.plain(
        subject="Re: We received your complaint",
        body="Here is the receipt number 123.\n\nOn Mon, Reklamo wrote:\n> We received it",
        message_id="<reply-1@example.com>",
        extra_headers=f"In-Reply-To: {ack.message_id}\nReferences: {ack.message_id}\n",
    )
    outcome = ingest_message(reply, now=now + timedelta(hours=1))
    assert str(outcome) == f"reply {mailed.reference}"
    [entry] = received(mailed)
    assert entry.is_public
    assert entry.text == "Here is the receipt number 123."
    assert entry.data["sender"] == "cecilia@example.com"
    assert OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.ACKNOWLEDGMENT).count() == 1
    stored = InboundEmail.objects.get(message_id="<reply-1@example.com>")
    assert b"> We received it" in bytes(stored.raw)  # the full original is kept


def test_a_reply_to_a_message_we_received_threads_by_references(mailed, now):
    second = messages.plain(
        subject="Re: Broken kettle",
        body="One more thing.",
        message_id="<plain-2@example.com>",
        extra_headers="References: <unknown@x> <plain-1@example.com>\n",
    )
    assert str(ingest_message(second, now=now)) == f"reply {mailed.reference}"


def test_the_reference_alone_from_the_customer_joins_the_complaint(mailed, now):
    raw = messages.plain(
        sender="CECILIA@Example.COM",
        subject=f"About {mailed.reference.lower()}",
        body="Any news?",
        message_id="<ref-only@example.com>",
    )
    assert str(ingest_message(raw, now=now)) == f"reply {mailed.reference}"
    assert received(mailed).get().text == "Any news?"


def test_the_reference_from_a_stranger_opens_a_new_linked_complaint(mailed, now):
    raw = messages.plain(
        sender="Mallory <mallory@evil.example>",
        subject=f"Re: {mailed.reference}",
        body="I have the same problem.",
        message_id="<stranger@evil.example>",
    )
    outcome = ingest_message(raw, now=now)
    assert outcome.kind == "created"
    new = outcome.complaint
    assert new.pk != mailed.pk
    assert new.customer.email == "mallory@evil.example"
    assert not received(mailed).exists()
    assert list(linked_complaints(new)) == [mailed]
    # Nothing the stranger can read tells of the other case.
    assert not new.timeline.filter(is_public=True, kind=TimelineEntry.Kind.LINKED).exists()
    [ack] = OutboundEmail.objects.filter(to="mallory@evil.example")
    assert ack.complaint == new
    assert mailed.reference not in ack.body and mailed.reference not in ack.subject


def test_a_stranger_forwarding_our_message_opens_a_new_linked_complaint(mailed, now):
    ack = acknowledgment_of(mailed)
    raw = messages.plain(
        sender="neighbour@example.net",
        subject=f"Fwd: We received your complaint {mailed.reference}",
        body="---------- Forwarded message ---------\nFrom: Reklamo\n\nWe received it",
        message_id="<fwd@example.net>",
        extra_headers=f"References: {ack.message_id}\n",
    )
    outcome = ingest_message(raw, now=now)
    assert outcome.kind == "created"
    assert list(linked_complaints(outcome.complaint)) == [mailed]
    assert "Forwarded message" in outcome.complaint.description
    assert not received(mailed).exists()


def test_the_customer_forwarding_our_message_is_a_reply(mailed, now):
    ack = acknowledgment_of(mailed)
    raw = messages.plain(
        subject="Fwd: We received your complaint",
        body="See the photo I mentioned.\n\n---------- Forwarded message ---------\nold",
        message_id="<fwd-own@example.com>",
        extra_headers=f"References: {ack.message_id}\n",
    )
    assert str(ingest_message(raw, now=now)) == f"reply {mailed.reference}"


def test_a_reply_to_the_acknowledgment_of_a_merged_complaint_lands_in_the_survivor(
    register, manager, now
):
    survivor = register()
    duplicate = ingest_message(messages.plain(), now=now).complaint
    merge_complaint(duplicate, into=survivor, by=manager, now=now)
    ack = acknowledgment_of(duplicate)
    raw = messages.plain(
        subject="Re: acknowledgment",
        body="Thanks!",
        message_id="<after-merge@example.com>",
        extra_headers=f"In-Reply-To: {ack.message_id}\n",
    )
    assert str(ingest_message(raw, now=now)) == f"reply {survivor.reference}"
    assert received(survivor).get().text == "Thanks!"
    # The same by the merged complaint's reference in the subject.
    by_reference = messages.plain(
        subject=f"Re: {duplicate.reference}", body="Again", message_id="<ref-merged@x>"
    )
    assert str(ingest_message(by_reference, now=now)) == f"reply {survivor.reference}"


def test_a_colleague_replying_with_headers_lands_as_an_internal_entry(mailed, now):
    ack = acknowledgment_of(mailed)
    raw = messages.plain(
        sender="husband@example.com",
        subject="Re: ack",
        body="I am her husband.",
        message_id="<cc@example.com>",
        extra_headers=f"In-Reply-To: {ack.message_id}\n",
    )
    assert str(ingest_message(raw, now=now)) == f"reply {mailed.reference}"
    assert not received(mailed).get().is_public


def test_a_reply_keeps_its_photos(mailed, now):
    raw = messages.gmail_pl_utf8_with_photo().replace(
        b"Subject:", b"References: <plain-1@example.com>\nSubject:", 1
    )
    assert str(ingest_message(raw, now=now)) == f"reply {mailed.reference}"
    assert Attachment.objects.get(complaint=mailed).channel == Channel.EMAIL
    assert received(mailed).get().data["attachments"] == 1


@pytest.mark.parametrize(
    "headers, reason",
    [
        ("Auto-Submitted: auto-replied\n", "auto-submitted"),
        ("X-Autoreply: yes\n", "auto-reply"),
        ("X-Autorespond: vacation\n", "auto-reply"),
        ("X-Auto-Response-Suppress: All\n", "auto-reply"),
        ("Precedence: bulk\n", "bulk"),
        ("Precedence: junk\n", "bulk"),
        ("Precedence: list\n", "mailing list"),
        ("List-Id: <news.shop.example>\n", "mailing list"),
        ("Return-Path: <>\n", "bounce"),
        ("X-Loop: complaints@localhost\n", "loop"),
        ("X-Reklamo-Reference: RK-2026-000001\n", "loop"),
    ],
)
def test_robots_are_ignored_and_never_answered(db, now, headers, reason):
    raw = messages.plain(extra_headers=headers, message_id="<robot@example.com>")
    assert str(ingest_message(raw, now=now)) == f"ignored {reason}"
    assert not Complaint.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert InboundEmail.objects.get().outcome == InboundEmail.Outcome.IGNORED


def test_out_of_office_by_subject_and_our_own_message_id_are_ignored(db, now):
    ooo = messages.plain(subject="Automatic reply: Broken kettle", message_id="<o@x>")
    assert str(ingest_message(ooo, now=now)) == "ignored auto-reply"
    ours = messages.plain(message_id="<123.456@localhost>")
    assert str(ingest_message(ours, now=now)) == "ignored loop"
    from_us = messages.plain(sender="Reklamo <complaints@localhost>", message_id="<u@x>")
    assert str(ingest_message(from_us, now=now)) == "ignored loop"


def test_a_robot_replying_to_our_acknowledgment_is_not_a_reply(mailed, now):
    ack = acknowledgment_of(mailed)
    raw = messages.plain(
        subject="Out of office",
        message_id="<ooo@example.com>",
        extra_headers=f"In-Reply-To: {ack.message_id}\nAuto-Submitted: auto-replied\n",
    )
    assert str(ingest_message(raw, now=now)) == "ignored auto-submitted"
    assert not received(mailed).exists()


def test_a_bounce_of_our_message_marks_it_failed_on_the_timeline(mailed, now):
    ack = acknowledgment_of(mailed)
    assert str(ingest_message(messages.bounce(ack.message_id), now=now)) == "ignored bounce"
    ack.refresh_from_db()
    assert ack.status == OutboundEmail.Status.FAILED
    entry = mailed.timeline.get(kind=TimelineEntry.Kind.MESSAGE_FAILED)
    assert "User unknown" in entry.data["error"]
    assert entry.data["bounce"] is True
    assert OutboundEmail.objects.count() == 1  # a bounce is never answered


def test_a_bounce_of_something_else_is_just_ignored(db, now):
    assert str(ingest_message(messages.bounce("<not-ours@x>"), now=now)) == "ignored bounce"
    assert not TimelineEntry.objects.exists()


def test_the_same_message_id_or_bytes_is_ingested_once(mailed, now):
    assert str(ingest_message(messages.plain(), now=now)) == f"duplicate {mailed.reference}"
    resent = messages.plain(body="Resent by the server with another body")
    assert str(ingest_message(resent, now=now)) == f"duplicate {mailed.reference}"
    no_id = messages.plain(message_id="").replace(b"Message-ID: \n", b"")
    first = ingest_message(no_id, now=now)
    assert first.kind == "created"
    assert str(ingest_message(no_id, now=now)) == f"duplicate {first.complaint.reference}"
    assert Complaint.objects.count() == 2
    ignored = messages.plain(extra_headers="Precedence: bulk\n", message_id="<bulk@x>")
    ingest_message(ignored, now=now)
    assert str(ingest_message(ignored, now=now)) == "duplicate <bulk@x>"


def test_acknowledgments_to_one_address_are_rate_limited(db, now, settings):
    settings.MAILIN_ACK_LIMIT_PER_HOUR = 3
    outcomes = [
        ingest_message(messages.plain(message_id=f"<n{i}@x>", body=f"Number {i}"), now=now)
        for i in range(5)
    ]
    assert [outcome.kind for outcome in outcomes] == ["created"] * 5
    assert OutboundEmail.objects.filter(to="cecilia@example.com").count() == 3
    assert "rate limit" in InboundEmail.objects.get(message_id="<n4@x>").reason
    later = ingest_message(messages.plain(message_id="<n5@x>"), now=now + timedelta(hours=1))
    assert acknowledgment_of(later.complaint)


def test_an_unreadable_message_is_quarantined_and_reprocessed(db, now, settings):
    raw = b"From: nobody\nSubject: broken\n\n\xff\xfe garbage"
    outcome = ingest_message(raw, now=now)
    item = QuarantinedEmail.objects.get()
    assert str(outcome) == f"quarantined {item.pk}"
    assert bytes(item.raw) == raw
    assert "sender's address cannot be read" in item.error
    # The same bytes again: still one quarantined item.
    assert str(ingest_message(raw, now=now)) == f"quarantined {item.pk}"
    assert QuarantinedEmail.objects.count() == 1
    # Reprocessing that still fails keeps it, with the error refreshed.
    assert reprocess_quarantined(item, now=now).kind == "quarantined"


def test_a_message_refused_by_registration_is_quarantined_then_reprocessed(db, now, settings):
    settings.LANGUAGES = [("en", "English")]
    outcome = ingest_message(messages.plain(), now=now)
    assert outcome.kind == "quarantined"
    item = QuarantinedEmail.objects.get()
    assert "This language is not offered." in item.error
    assert not Complaint.objects.exists() and not InboundEmail.objects.exists()
    settings.LANGUAGES = [("en", "English"), ("pl", "Polish")]
    again = reprocess_quarantined(item, now=now)
    assert again.kind == "created"
    item.refresh_from_db()
    assert item.reprocessed_at == now
    assert item.result == f"created {again.complaint.reference}"
    # Reprocessing twice never makes a second complaint.
    assert reprocess_quarantined(item, now=now).kind == "duplicate"
    assert Complaint.objects.count() == 1


def test_the_acknowledgment_answers_the_customers_own_message(mailed, now):
    ack = acknowledgment_of(mailed)
    assert ack.in_reply_to == "<plain-1@example.com>"
    assert ack.references == "<plain-1@example.com>"


def test_the_next_message_answers_the_customers_latest_reply(mailed, now):
    from notifications.outbox import thread_headers

    reply = messages.plain(
        subject=f"Re: [{mailed.reference}] We received your complaint",
        body="Photo attached.",
        message_id="<reply-latest@example.com>",
        extra_headers=f"In-Reply-To: {acknowledgment_of(mailed).message_id}\n",
    )
    ingest_message(reply, now=now + timedelta(hours=2))
    ack = acknowledgment_of(mailed).message_id
    assert thread_headers(mailed) == (
        "<reply-latest@example.com>",
        f"<plain-1@example.com> {ack} <reply-latest@example.com>",
    )


def test_the_customers_reply_to_our_question_puts_the_complaint_back_in_review(mailed, now, agent):
    from complaints.ownership import take_complaint
    from workflow.transitions import move_complaint
    from workflow.verification import ask_customer

    take_complaint(mailed, agent=agent, now=now)
    move_complaint(mailed, to="verification", by=agent, now=now)
    ask_customer(mailed, question="Which model is it?", by=agent, now=now)
    stranger = messages.plain(
        sender="someone@else.example",
        subject=f"Re: {mailed.reference}",
        body="Not the customer.",
        message_id="<else@else.example>",
    )
    ingest_message(stranger, now=now)
    mailed.refresh_from_db()
    assert mailed.stage == "waiting_customer"  # only the customer's answer counts

    reply = messages.plain(
        subject=f"Re: [{mailed.reference}] Which model?",
        body="The WK-200.",
        message_id="<answer@example.com>",
    )
    assert ingest_message(reply, now=now).kind == "reply"
    mailed.refresh_from_db()
    assert mailed.stage == "verification"
