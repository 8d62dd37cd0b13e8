from datetime import timedelta

from django_tasks_db.models import DBTaskResult

from reklamo.scheduler import enqueue_due_tasks

SCHEDULE = {"notifications.tasks.redeliver_stalled_emails": 60}


def test_due_task_is_enqueued_once_per_interval(db, now):
    assert enqueue_due_tasks(now=now, schedule=SCHEDULE) == list(SCHEDULE)
    # A second scheduler checking at the same moment finds nothing due.
    assert enqueue_due_tasks(now=now, schedule=SCHEDULE) == []
    assert enqueue_due_tasks(now=now + timedelta(seconds=59), schedule=SCHEDULE) == []
    assert enqueue_due_tasks(now=now + timedelta(seconds=61), schedule=SCHEDULE) == list(SCHEDULE)

    assert DBTaskResult.objects.filter(task_path__endswith="redeliver_stalled_emails").count() == 2


def test_a_scheduler_that_was_down_catches_up_with_one_run(db, now):
    enqueue_due_tasks(now=now, schedule=SCHEDULE)

    assert enqueue_due_tasks(now=now + timedelta(days=3), schedule=SCHEDULE) == list(SCHEDULE)
    assert DBTaskResult.objects.count() == 2


def test_query_statistics_are_refreshed_on_sqlite(db):
    from django.db import connection

    from reklamo.database import refresh_query_statistics

    assert refresh_query_statistics() == (connection.vendor == "sqlite")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 1
