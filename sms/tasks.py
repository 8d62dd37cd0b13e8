"""Task entry points for the worker: they receive ids and call the SMS outbox."""

from django.tasks import task
from django.utils import timezone

from sms.outbox import deliver_sms, stalled_sms


@task()
def deliver_sms_task(sms_id):
    return deliver_sms(sms_id, now=timezone.now())


@task()
def redeliver_stalled_sms():
    """Periodic: deliver what a lost task or a crashed worker left in the SMS outbox."""
    ids = list(stalled_sms(now=timezone.now()).values_list("pk", flat=True)[:500])
    for sms_id in ids:
        deliver_sms(sms_id, now=timezone.now())
    return len(ids)
