"""Task entry points for the worker: they receive ids and call the outbox."""

from django.tasks import task
from django.utils import timezone

from notifications.outbox import deliver_email, stalled_emails


@task()
def deliver_email_task(email_id):
    return deliver_email(email_id, now=timezone.now())


@task()
def redeliver_stalled_emails():
    """Periodic: deliver what a lost task or a crashed worker left in the outbox."""
    ids = list(stalled_emails(now=timezone.now()).values_list("pk", flat=True)[:500])
    for email_id in ids:
        deliver_email(email_id, now=timezone.now())
    return len(ids)
