"""Periodic work without a crontab: due tasks from settings.PERIODIC_TASKS go to the queue.

Any number of schedulers may run: each claims a due run with a conditional update on its
`next_run_at`, and only the one whose update matched enqueues the task.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils.module_loading import import_string

from reklamo.models import PeriodicRun

logger = logging.getLogger(__name__)


def enqueue_due_tasks(*, now, schedule=None):
    """Enqueue every periodic task that is due; return the paths enqueued."""
    schedule = settings.PERIODIC_TASKS if schedule is None else schedule
    enqueued = []
    for task_path, interval in schedule.items():
        run, _ = PeriodicRun.objects.get_or_create(
            task_path=task_path, defaults={"next_run_at": now}
        )
        if run.next_run_at > now:
            continue
        claimed = PeriodicRun.objects.filter(
            task_path=task_path, next_run_at=run.next_run_at
        ).update(next_run_at=now + timedelta(seconds=interval))
        if claimed:
            import_string(task_path).enqueue()
            enqueued.append(task_path)
            logger.info("Enqueued periodic task %s", task_path)
    return enqueued
