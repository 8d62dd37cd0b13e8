from django.db import models


class PeriodicRun(models.Model):
    """When a periodic task is next due. Shared by every scheduler process."""

    task_path = models.CharField(max_length=200, primary_key=True)
    next_run_at = models.DateTimeField()

    def __str__(self):
        return f"{self.task_path} at {self.next_run_at:%Y-%m-%d %H:%M:%S}"
