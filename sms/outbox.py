"""The SMS outbox: like the e-mail outbox, a row per message written in the caller's
transaction, claimed with a conditional update before the gateway is called (never sent
twice), retried with backoff, recorded on the timeline."""

import logging

from django.db import transaction

from complaints.models import TimelineEntry
from complaints.timeline import record_event
from notifications.delivery import claim, failure_detail, reset_failed, schedule_retry, stalled
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
    if not claim(OutboundSms, sms_id, now=now):
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

    detail = failure_detail(error)
    # The outcome and its timeline entry commit together.
    with transaction.atomic():
        due = schedule_retry(sms, detail=detail, now=now)
        if due is None:
            record_event(
                sms.complaint,
                TimelineEntry.Kind.MESSAGE_FAILED,
                at=now,
                channel="sms",
                to=sms.to,
                error=detail,
                attempts=sms.attempts,
            )
    if due is not None:
        deliver_sms_task.using(run_after=due).enqueue(sms.pk)
        return OutboundSms.Status.PENDING
    return OutboundSms.Status.FAILED


def stalled_sms(*, now):
    return stalled(OutboundSms, now=now)


def retry_sms(sms_id, *, now):
    """Put a failed message back in the queue (the admin's "Retry"); False if it is not
    failed (already retried, or sent)."""
    from sms.tasks import deliver_sms_task

    return reset_failed(OutboundSms, sms_id, now=now, enqueue=deliver_sms_task.enqueue)
