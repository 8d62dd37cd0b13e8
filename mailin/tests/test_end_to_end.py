"""A customer's e-mail → complaint → acknowledgment over real SMTP → their reply threads back."""

from datetime import timedelta
from email import message_from_bytes

from complaints.models import Complaint, TimelineEntry
from mailin.ingest import ingest_message
from mailin.tests import messages
from notifications.models import OutboundEmail
from notifications.outbox import deliver_email


def first_message_id(raw):
    return message_from_bytes(raw)["Message-ID"].strip()


def test_mail_in_acknowledgment_out_reply_in(db, now, smtp_server):
    first = ingest_message(messages.thunderbird_pl_iso(), now=now)
    complaint = first.complaint
    ack = OutboundEmail.objects.get(complaint=complaint)
    assert deliver_email(ack.pk, now=now) == OutboundEmail.Status.SENT

    [delivered] = smtp_server.messages
    assert delivered["To"] == "pawel.zolc@poczta.example.pl"
    assert complaint.reference in delivered["Subject"]
    assert delivered["Auto-Submitted"] == "auto-generated"
    message_id = delivered["Message-ID"]
    assert message_id == ack.message_id
    # It answers the customer's own e-mail: their mail program shows one conversation.
    customer_message_id = first_message_id(messages.thunderbird_pl_iso())
    assert delivered["In-Reply-To"] == customer_message_id
    assert delivered["References"] == customer_message_id

    # The customer answers from Thunderbird: "Re:" the subject, threading headers set.
    reply = (
        f"From: =?ISO-8859-2?Q?Pawe=B3_=AF=F3=B3=E6?= <pawel.zolc@poczta.example.pl>\n"
        f"To: complaints@localhost\n"
        f"Subject: Re: {delivered['Subject']}\n"
        f"Message-ID: <reply-e2e@poczta.example.pl>\n"
        f"In-Reply-To: {message_id}\n"
        f"References: {message_id}\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n\n"
        "Numer paragonu: 4411.\n\n"
        f"W dniu 2.03.2026 o 10:30, Reklamo pisze:\n> {delivered.get_content()[:40]}\n"
    ).encode()
    second = ingest_message(reply, now=now + timedelta(minutes=5))
    assert str(second) == f"reply {complaint.reference}"
    assert Complaint.objects.count() == 1
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)
    assert entry.text == "Numer paragonu: 4411."
    assert entry.is_public
    # The reply was not acknowledged again: one message went out in all.
    assert OutboundEmail.objects.count() == 1
