from django.tasks import task

from reklamo.database import refresh_query_statistics


@task()
def refresh_query_statistics_task():
    return refresh_query_statistics()
