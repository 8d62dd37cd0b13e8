"""The outbox: e-mails are written with the change that causes them and delivered after commit.

Delivery claims a message with a conditional update before talking to the mail server, so
two workers (or a redelivery racing the first attempt) never both send it.
"""

import logging
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from complaints.models import TimelineEntry
from complaints.timeline import record_event
from documents.emails import attach_documents, request_documents
from messaging.attachments import attach_files
from notifications.delivery import claim, failure_detail, reset_failed, schedule_retry, stalled
from notifications.models import OutboundEmail
from notifications.signals import email_failed, email_sent

logger = logging.getLogger(__name__)

# Mail to staff: delivered like any other, but not an event of the customer's case.
INTERNAL_PURPOSES = {OutboundEmail.Purpose.STAFF_ALERT}


def queue_email(complaint, *, purpose, to, subject, body, language, now):
    """Write an e-mail to the outbox; the worker delivers it once this transaction commits.

    A customer's e-mail is threaded (CO-1): "[reference]" in the subject, and In-Reply-To /
    References naming the complaint's earlier messages, so the customer's mail program shows
    one conversation and their reply comes back to this complaint.
    """
    from notifications.tasks import deliver_email_task

    in_reply_to, references = "", ""
    if purpose not in INTERNAL_PURPOSES:
        subject = subject_with_reference(subject, complaint.reference)
        in_reply_to, references = thread_headers(complaint)
    email = OutboundEmail.objects.create(
        complaint=complaint,
        purpose=purpose,
        to=to,
        subject=subject,
        in_reply_to=in_reply_to,
        references=references,
        body=body,
        language=language,
        message_id=make_msgid(domain=_message_id_domain()),
        created_at=now,
        due_at=now,
    )
    if purpose not in INTERNAL_PURPOSES:
        # DO-1: the documents the complaint's step makes and sends along.
        request_documents(email, now=now)
    transaction.on_commit(lambda: deliver_email_task.enqueue(email.pk))
    return email


def subject_with_reference(subject, reference):
    """ "[RK-…] subject", unless the subject carries the bracketed reference already."""
    tag = f"[{reference}]"
    if tag in subject:
        return subject[:300]
    return f"{tag} {subject}"[:300]


def thread_headers(complaint):
    """(In-Reply-To, References) for the next e-mail to the customer of `complaint`.

    The conversation is every message we sent the customer and every e-mail of theirs that
    reached the complaint (its Message-ID is on the timeline entry that recorded it). We answer
    the latest one. References is kept short and in order: the first message (the customer's
    own e-mail when they wrote in, else our acknowledgment: the root of their thread), the
    latest we sent, and the latest of all; any one of them threads the customer's mail program.
    """
    sent = (
        OutboundEmail.objects.filter(complaint=complaint)
        .exclude(purpose__in=INTERNAL_PURPOSES)
        .values_list("created_at", "pk", "message_id")
    )
    conversation = [(at, 1, pk, message_id) for at, pk, message_id in sent]
    received = TimelineEntry.objects.filter(
        complaint=complaint,
        kind__in=[TimelineEntry.Kind.REGISTERED, TimelineEntry.Kind.MESSAGE_RECEIVED],
        is_public=True,
    ).values_list("created_at", "pk", "data")
    conversation += [
        (at, 0, pk, data["message_id"]) for at, pk, data in received if data.get("message_id")
    ]
    if not conversation:
        return "", ""
    conversation.sort()
    ours = [message for message in conversation if message[1] == 1]
    chosen = [conversation[0], *ours[-1:], conversation[-1]]
    references = list(dict.fromkeys(message_id for *_, message_id in sorted(chosen)))
    return conversation[-1][3], " ".join(references)


def retry_email(email_id, *, now):
    """Put a failed e-mail back in the queue (the outbox page's "Retry"); False when it is
    not failed any more (retried already, or sent). The claim in deliver_email keeps a
    double click from sending it twice."""
    from notifications.tasks import deliver_email_task

    return reset_failed(OutboundEmail, email_id, now=now, enqueue=deliver_email_task.enqueue)


def deliver_email(email_id, *, now):
    """Send one outbox message if it is still waiting; record the outcome on the timeline."""
    if not claim(OutboundEmail, email_id, now=now):
        return None
    email = OutboundEmail.objects.select_related("complaint").get(pk=email_id)
    headers = {
        "Message-ID": email.message_id,
        # RFC 3834: tells well-behaved responders not to auto-reply to us.
        "Auto-Submitted": "auto-generated",
        "X-Reklamo-Reference": email.complaint.reference,
    }
    if email.in_reply_to:
        headers["In-Reply-To"] = email.in_reply_to
        headers["References"] = email.references
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=headers,
    )
    # CO-3: files an agent attached to a message (messaging.MessageAttachment) go with it.
    attach_files(email, message)
    # DO-1: the PDFs of the step (made here when the stage's own task has not run yet).
    attach_documents(email, message, now=now)
    try:
        message.send()
    except Exception as error:
        logger.warning("Sending %s to %s failed: %s", email.message_id, email.to, error)
        return _record_failure(email, error=error, now=now)
    with transaction.atomic():
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=OutboundEmail.Status.SENT, sent_at=now, last_error=""
        )
        _tell_receivers(email_sent, email, at=now)
        if email.purpose in INTERNAL_PURPOSES:
            return OutboundEmail.Status.SENT
        record_event(
            email.complaint,
            TimelineEntry.Kind.MESSAGE_SENT,
            at=now,
            is_public=True,
            purpose=email.purpose,
            to=email.to,
            subject=email.subject,
            email_id=email.pk,
        )
    return OutboundEmail.Status.SENT


def _record_failure(email, *, error, now):
    from notifications.tasks import deliver_email_task

    detail = failure_detail(error)
    # The outcome and its timeline entry commit together.
    with transaction.atomic():
        due = schedule_retry(email, detail=detail, now=now)
        if due is None:
            record_event(
                email.complaint,
                TimelineEntry.Kind.MESSAGE_FAILED,
                at=now,
                purpose=email.purpose,
                to=email.to,
                error=detail,
                attempts=email.attempts,
            )
            _tell_receivers(email_failed, email, at=now)
    if due is not None:
        deliver_email_task.using(run_after=due).enqueue(email.pk)
        return OutboundEmail.Status.PENDING
    return OutboundEmail.Status.FAILED


def _tell_receivers(signal, email, *, at):
    # Receivers write in this transaction (a decision's delivery stops the legal clock with
    # the same commit that marks it sent), each in a savepoint of its own: the mail server
    # has the message already, so a receiver's error is logged rather than rolling back
    # "sent" and having the redelivery job send the customer the message a second time.
    try:
        with transaction.atomic():
            signal.send(sender=OutboundEmail, email=email, at=at)
    except Exception:
        logger.exception("Recording the outcome of e-mail %s failed", email.pk)


def stalled_emails(*, now):
    """Messages whose delivery should have happened by now: lost tasks and crashed workers."""
    return stalled(OutboundEmail, now=now)


def _message_id_domain():
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ")
    return address or "reklamo.local"
