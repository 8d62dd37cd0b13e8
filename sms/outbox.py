"""The SMS outbox: like the e-mail outbox, a row per message written in the caller's
transaction, claimed with a conditional update before the gateway is called (never sent
twice), retried with backoff, recorded on the timeline."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q

from complaints.models import TimelineEntry
from complaints.timeline import record_event
from notifications.outbox import MAX_ATTEMPTS, STALLED_AFTER, retry_delay
from sms.backends import get_backend
from sms.models import OutboundSms
from sms.phones import normalise_phone

logger = logging.getLogger(__name__)


def queue_sms(complaint, *, to, text, event, language, now):
    """Write a text message to the outbox; `to` is normalised to E.164 (ValidationError if
    it is not a phone number). Delivered by the worker once this transaction commits."""
    from sms.tasks import deliver_sms_task

    sms = OutboundSms.objects.create(
        complaint=complaint,
        event=event,
        to=normalise_phone(to),
        text=text,
        language=language,
        created_at=now,
        due_at=now,
    )
    transaction.on_commit(lambda: deliver_sms_task.enqueue(sms.pk))
    return sms


def deliver_sms(sms_id, *, now):
    """Send one text message if it is still waiting; record the outcome on the timeline."""
    claimed = OutboundSms.objects.filter(
        Q(status=OutboundSms.Status.PENDING)
        | Q(status=OutboundSms.Status.SENDING, due_at__lte=now),
        pk=sms_id,
    ).update(
        status=OutboundSms.Status.SENDING,
        attempts=F("attempts") + 1,
        due_at=now + STALLED_AFTER,
    )
    if not claimed:
        return None
    sms = OutboundSms.objects.select_related("complaint").get(pk=sms_id)
    try:
        get_backend().send(sms.to, sms.text)
    except Exception as error:
        logger.warning("Sending SMS %s to %s failed: %s", sms.pk, sms.to, error)
        return _record_failure(sms, error=error, now=now)
    with transaction.atomic():
        OutboundSms.objects.filter(pk=sms.pk).update(
            status=OutboundSms.Status.SENT, sent_at=now, last_error=""
        )
        record_event(
            sms.complaint,
            TimelineEntry.Kind.SMS_SENT,
            at=now,
            is_public=True,
            to=sms.to,
            text=sms.text,
            event=sms.event,
            sms_id=sms.pk,
        )
    return OutboundSms.Status.SENT


def _record_failure(sms, *, error, now):
    from sms.tasks import deliver_sms_task

    detail = f"{type(error).__name__}: {error}"[:2000]
    if sms.attempts < MAX_ATTEMPTS:
        due = now + retry_delay(sms.attempts)
        OutboundSms.objects.filter(pk=sms.pk).update(
            status=OutboundSms.Status.PENDING, due_at=due, last_error=detail
        )
        deliver_sms_task.using(run_after=due).enqueue(sms.pk)
        return OutboundSms.Status.PENDING
    with transaction.atomic():
        OutboundSms.objects.filter(pk=sms.pk).update(
            status=OutboundSms.Status.FAILED, last_error=detail
        )
        record_event(
            sms.complaint,
            TimelineEntry.Kind.MESSAGE_FAILED,
            at=now,
            channel="sms",
            to=sms.to,
            error=detail,
            attempts=sms.attempts,
        )
    return OutboundSms.Status.FAILED


def stalled_sms(*, now):
    grace = timedelta(minutes=2)
    return OutboundSms.objects.filter(
        Q(status=OutboundSms.Status.PENDING, due_at__lte=now - grace)
        | Q(status=OutboundSms.Status.SENDING, due_at__lte=now)
    )


def retry_sms(sms_id, *, now):
    """Put a failed message back in the queue (the admin's "Retry"); False if it is not
    failed (already retried, or sent)."""
    from sms.tasks import deliver_sms_task

    with transaction.atomic():
        reset = OutboundSms.objects.filter(pk=sms_id, status=OutboundSms.Status.FAILED).update(
            status=OutboundSms.Status.PENDING, attempts=0, due_at=now, last_error=""
        )
        if reset:
            transaction.on_commit(lambda: deliver_sms_task.enqueue(sms_id))
    return bool(reset)
