"""The customer writes to us from the tracking page (PO-1): a message, files, or both."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.attachments import check_uploads, delete_stored_files, store_attachment
from complaints.models import Channel, Complaint, TimelineEntry
from complaints.timeline import record_event
from intake.registration import DESCRIPTION_MAX_LENGTH
from portal.staff_alerts import alert_handlers
from workflow.transitions import resume_after_customer_answer

MESSAGE_MAX_LENGTH = DESCRIPTION_MAX_LENGTH


class PortalClosed(Exception):
    """The tracking link cannot take this any more; the message says why, for the customer."""


def clean_text(text, *, field, required_message=None):
    text = (text or "").replace("\r\n", "\n").strip()
    if required_message and not text:
        raise ValidationError({field: required_message}, code="required")
    if len(text) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("Keep it to at most %(limit)d characters (now %(count)d).")
                % {"limit": MESSAGE_MAX_LENGTH, "count": len(text)}
            },
            code="too_long",
        )
    return text


def check_customer_files(complaint, uploads, *, field="files"):
    """The form's checks for each file, and the complaint's limit on customer files."""
    uploads = list(uploads)
    if not uploads:
        return []
    try:
        checked = check_uploads(uploads)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    sent_before = complaint.attachments.filter(uploaded_by__isnull=True).count()
    room = max(0, settings.ATTACHMENT_MAX_FILES - sent_before)
    if len(uploads) > room:
        raise ValidationError(
            {
                field: ngettext(
                    "This complaint can take %(room)d more file.",
                    "This complaint can take %(room)d more files.",
                    room,
                )
                % {"room": room}
            },
            code="too_many",
        )
    return list(zip(uploads, checked, strict=True))


def store_customer_files(complaint, files, stored):
    for upload, checked in files:
        stored.append(store_attachment(complaint, upload, checked, channel=Channel.PORTAL))
    return stored


def add_customer_message(complaint, *, text, uploads, now):
    """Put the customer's message and files on the complaint's public timeline and alert
    whoever handles it. Locks the complaint's row; raises ValidationError (nothing stored)
    for an empty message without files, an overlong one or a file the form would refuse,
    and PortalClosed for a complaint merged into another.

    A complaint waiting for the customer goes back to review (its service clock runs
    again), as with an e-mailed reply (mailin), and its owner is told the customer answered.
    """
    text = clean_text(text, field="text")
    uploads = list(uploads)
    if not text and not uploads:
        raise ValidationError({"text": _("Write a message or attach a file.")}, code="required")
    files = check_customer_files(complaint, uploads)
    stored = []
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
            if locked.merged_into_id:
                raise PortalClosed(
                    _("This complaint continues under another reference; write there.")
                )
            store_customer_files(locked, files, stored)
            entry = record_event(
                locked,
                TimelineEntry.Kind.MESSAGE_RECEIVED,
                at=now,
                is_public=True,
                text=text,
                channel=Channel.PORTAL,
                attachments=[attachment.original_name for attachment in stored],
            )
            with translation.override(locked.language):
                said = _("Thank you for your answer; we are looking at your complaint again.")
            answered = resume_after_customer_answer(locked, reason=said, now=now) is not None
            with translation.override(settings.LANGUAGE_CODE):
                if answered:
                    summary = _("%(reference)s: the customer answered in the portal.")
                    subject = _("The customer answered")
                else:
                    summary = _("%(reference)s: a message from the customer in the portal.")
                    subject = _("A message from the customer")
                summary %= {"reference": locked.reference}
            alert_handlers(
                locked,
                kind="portal_message",
                key=f"portal_message:{entry.pk}",
                text=" ".join(filter(None, [summary, text[:500]])),
                subject=subject,
                now=now,
            )
    except BaseException:
        delete_stored_files(stored)
        raise
    return entry
