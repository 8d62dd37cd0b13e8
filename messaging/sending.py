"""Agents write to the customer from the complaint page (CO-3).

One function every channel calls: it checks, queues the e-mail in the outbox (delivered
after commit, with retries), keeps the attached files with the complaint and puts what was
written on the complaint's public timeline.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.attachments import check_uploads, delete_stored_files, store_attachment
from complaints.models import Channel, TimelineEntry
from complaints.timeline import record_event
from messaging.models import MessageAttachment
from notifications.models import OutboundEmail
from notifications.outbox import queue_email
from notifications.rules import Channel as NotificationChannel
from notifications.rules import Event, notify

BODY_MAX_LENGTH = 20_000
SUBJECT_MAX_LENGTH = 200


def check_message(complaint, *, by, subject, body):
    """The refusals that do not depend on files; raises ValidationError naming the field."""
    if not by.in_complaint_team:
        # A consulted specialist (WF-6) talks to the team; the team talks to the customer.
        raise ValidationError(_("Only the complaint team writes to the customer."), code="role")
    if complaint.merged_into_id:
        raise ValidationError(
            _("%(reference)s was merged into %(survivor)s; write from %(survivor)s instead.")
            % {"reference": complaint.reference, "survivor": complaint.merged_into.reference},
            code="merged",
        )
    if not complaint.customer.email:
        raise ValidationError(
            _(
                "The customer has no e-mail address. Phone them or write by post, and add a "
                "note of what you told them."
            ),
            code="no_email",
        )
    errors = {}
    if not body.strip():
        errors["body"] = _("Write the message first.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("Keep a message to at most %(limit)d characters.") % {
            "limit": BODY_MAX_LENGTH
        }
    if len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = _("Keep the subject to at most %(limit)d characters.") % {
            "limit": SUBJECT_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)


def message_subject(complaint, subject):
    """The subject as sent: the reference is in it, so the customer's reply finds the case."""
    subject = " ".join(subject.split()) or _("Your complaint")
    if complaint.reference not in subject:
        subject = f"[{complaint.reference}] {subject}"
    return subject


def send_message(complaint, *, by, subject, body, attachments=(), now):
    """Write `body` to the complaint's customer by e-mail, with `attachments` (uploads).

    Raises ValidationError (nothing queued, nothing stored) when the message cannot go.
    Returns the OutboundEmail, which the worker delivers once this commits.
    """
    attachments = list(attachments)
    check_message(complaint, by=by, subject=subject, body=body)
    checked = check_uploads(attachments) if attachments else []
    subject = message_subject(complaint, subject)
    body = body.replace("\r\n", "\n").strip()  # browsers post CRLF line ends
    stored = []
    try:
        with transaction.atomic():
            email = queue_email(
                complaint,
                purpose=OutboundEmail.Purpose.MESSAGE,
                to=complaint.customer.email,
                subject=subject,
                body=body,
                language=complaint.language or complaint.customer.language,
                now=now,
            )
            # CO-1: the "message from staff" rules add a text message (the e-mail is this).
            notify(complaint, Event.MESSAGE_FROM_STAFF, now=now, channels=[NotificationChannel.SMS])
            for upload, check in zip(attachments, checked, strict=True):
                attachment = store_attachment(
                    complaint, upload, check, channel=Channel.EMAIL, uploaded_by=by
                )
                stored.append(attachment)
                MessageAttachment.objects.create(email=email, attachment=attachment)
            record_event(
                complaint,
                TimelineEntry.Kind.NOTE,
                at=now,
                actor=by,
                is_public=True,
                text=body,
                message=True,
                subject=subject,
                to=email.to,
                email_id=email.pk,
                attachments=[attachment.original_name for attachment in stored],
            )
    except BaseException:
        delete_stored_files(stored)
        raise
    return email
