"""CO-3: an agent writes to the customer; the e-mail goes through the outbox with its files."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from complaints.customers import Contact
from complaints.models import Attachment, Channel, TimelineEntry
from conftest import MINIMAL_PDF, photo, receipt
from messaging.models import MessageAttachment
from messaging.sending import send_message
from notifications.models import OutboundEmail
from notifications.outbox import deliver_email


def test_message_with_an_attachment_reaches_the_customer(
    register, agent, smtp_server, now, django_capture_on_commit_callbacks
):
    complaint = register()
    email = send_message(
        complaint,
        by=agent,
        subject="Your kettle",
        body="  Dear Cecilia,\n\nthe repair form is attached.  ",
        attachments=[receipt("repair-form.pdf")],
        now=now,
    )

    assert deliver_email(email.pk, now=now) == OutboundEmail.Status.SENT

    [message] = smtp_server.messages
    assert message["To"] == "cecilia@example.com"
    assert message["Subject"] == f"[{complaint.reference}] Your kettle"
    assert message["Message-ID"] == email.message_id
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert body.replace("\r\n", "\n").strip() == "Dear Cecilia,\n\nthe repair form is attached."
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "repair-form.pdf"
    assert attached.get_content_type() == "application/pdf"
    assert attached.get_content() == MINIMAL_PDF
    stored = Attachment.objects.get(complaint=complaint, original_name="repair-form.pdf")
    assert (stored.channel, stored.uploaded_by) == (Channel.EMAIL, agent)
    assert MessageAttachment.objects.get(email=email).attachment == stored
    note = complaint.timeline.get(kind=TimelineEntry.Kind.NOTE)
    assert note.is_public and note.actor == agent
    assert note.text == "Dear Cecilia,\n\nthe repair form is attached."
    assert note.data["attachments"] == ["repair-form.pdf"]
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_SENT).count() == 1


def test_message_goes_out_in_the_complaints_language(register, agent, now):
    complaint = register(language="pl")

    email = send_message(complaint, by=agent, subject="", body="Dzień dobry", now=now)

    assert email.language == "pl"
    assert email.purpose == OutboundEmail.Purpose.MESSAGE
    assert email.subject == f"[{complaint.reference}] Your complaint"


def test_a_message_without_attachments_sends_plain_mail(register, agent, smtp_server, now):
    complaint = register()
    email = send_message(complaint, by=agent, subject="Hello", body="Just a word.", now=now)

    deliver_email(email.pk, now=now)

    [message] = smtp_server.messages
    assert not message.is_multipart()
    assert message.get_content().strip() == "Just a word."


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_message_is_refused(register, agent, now, body):
    complaint = register()

    with pytest.raises(ValidationError) as refused:
        send_message(complaint, by=agent, subject="Hi", body=body, now=now)

    assert refused.value.message_dict == {"body": ["Write the message first."]}
    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.MESSAGE).exists()


def test_a_customer_without_email_is_phoned_or_written_to(register, agent, now):
    complaint = register(contact=Contact(name="Piotr Phone", phone="+48600100200"))

    with pytest.raises(ValidationError) as refused:
        send_message(complaint, by=agent, subject="Hi", body="Hello", now=now)

    assert "Phone them or write by post" in refused.value.messages[0]
    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.MESSAGE).exists()


def test_a_specialist_does_not_write_to_the_customer(register, specialist, now):
    complaint = register()

    with pytest.raises(ValidationError) as refused:
        send_message(complaint, by=specialist, subject="Hi", body="My opinion", now=now)

    assert refused.value.messages == ["Only the complaint team writes to the customer."]
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.NOTE).exists()


def test_a_refused_file_stops_the_whole_message(register, agent, now):
    complaint = register()
    before = Attachment.objects.count()
    script = SimpleUploadedFile("invoice.pdf.exe", b"MZ\x90\x00 not a pdf", "application/pdf")

    with pytest.raises(ValidationError) as refused:
        send_message(
            complaint,
            by=agent,
            subject="Files",
            body="Two files",
            attachments=[photo(), script],
            now=now,
        )

    assert refused.value.messages == [
        "“invoice.pdf.exe” is not a photo (JPEG, PNG, WebP, HEIC) or a PDF document."
    ]
    assert Attachment.objects.count() == before
    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.MESSAGE).exists()
