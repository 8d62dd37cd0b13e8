"""Task entry points for the worker: they read the clock and call the domain."""

from django.tasks import task
from django.utils import timezone

from deadlines.checker import check_clocks


@task()
def check_clocks_task():
    """Periodic (settings.PERIODIC_TASKS): raise the deadline warnings and breaches due."""
    return check_clocks(now=timezone.now())
