"""The delivery protocol both outboxes share (e-mail here, text messages in `sms`).

A row to send carries `status` (pending, sending, sent, failed), `attempts`, `due_at` and
`last_error`. A sender first claims the row with a conditional UPDATE, so two workers (or a
redelivery racing the first attempt) never both send it; a failed attempt is retried with
backoff until MAX_ATTEMPTS; a row left "sending" past STALLED_AFTER died with its worker and
may be claimed again.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q

MAX_ATTEMPTS = 6
# A delivery still "sending" after this long died with its worker.
STALLED_AFTER = timedelta(minutes=10)
# A pending row whose task should have run this long ago lost its task.
LOST_AFTER = timedelta(minutes=2)


def retry_delay(attempt):
    """Backoff between attempts: 1, 2, 4, 8, 16 minutes."""
    return timedelta(minutes=2 ** (attempt - 1))


def claim(model, pk, *, now):
    """Take the row for this attempt; False when it is sent, failed, being sent, or waiting
    for its next try (a retry's backoff holds even when its task runs again too early)."""
    Status = model.Status
    return bool(
        model.objects.filter(
            Q(status=Status.PENDING, due_at__lte=now) | Q(status=Status.SENDING, due_at__lte=now),
            pk=pk,
        ).update(status=Status.SENDING, attempts=F("attempts") + 1, due_at=now + STALLED_AFTER)
    )


def failure_detail(error):
    return f"{type(error).__name__}: {error}"[:2000]


def schedule_retry(row, *, detail, now):
    """After a failed attempt: back to pending with its next due time, which is returned;
    None when the attempts are used up and the row is marked failed (the caller records
    that on the timeline in the same transaction)."""
    model = type(row)
    if row.attempts < MAX_ATTEMPTS:
        due = now + retry_delay(row.attempts)
        model.objects.filter(pk=row.pk).update(
            status=model.Status.PENDING, due_at=due, last_error=detail
        )
        return due
    model.objects.filter(pk=row.pk).update(status=model.Status.FAILED, last_error=detail)
    return None


def stalled(model, *, now):
    """Rows whose delivery should have happened by now: lost tasks and crashed workers."""
    Status = model.Status
    return model.objects.filter(
        Q(status=Status.PENDING, due_at__lte=now - LOST_AFTER)
        | Q(status=Status.SENDING, due_at__lte=now)
    )


def reset_failed(model, pk, *, now, enqueue):
    """The admin's "Retry": a failed row goes back to the queue and `enqueue(pk)` runs after
    commit. False when it is not failed (retried already, or sent)."""
    with transaction.atomic():
        reset = model.objects.filter(pk=pk, status=model.Status.FAILED).update(
            status=model.Status.PENDING, attempts=0, due_at=now, last_error=""
        )
        if reset:
            transaction.on_commit(lambda: enqueue(pk))
    return bool(reset)
