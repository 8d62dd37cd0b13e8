"""Task entry points for the worker: they read the clock and call the domain."""

from django.tasks import task
from django.utils import timezone

from mailin.imap import poll_due_mailboxes


@task()
def poll_mailboxes_task():
    """Periodic (settings.PERIODIC_TASKS): read every mailbox whose poll interval is up."""
    results = poll_due_mailboxes(now=timezone.now())
    return {str(pk): (len(r) if isinstance(r, list) else str(r)) for pk, r in results.items()}
