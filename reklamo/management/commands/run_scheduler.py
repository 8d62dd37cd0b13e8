import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from reklamo.scheduler import enqueue_due_tasks


class Command(BaseCommand):
    help = "Enqueue periodic tasks (redelivery, clock checks) as they fall due. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=5.0, help="Seconds between checks (default: 5)."
        )
        parser.add_argument(
            "--once", action="store_true", help="Check once, enqueue what is due, and exit."
        )

    def handle(self, *, interval, once, **options):
        self.running = True
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        while self.running:
            close_old_connections()
            for task_path in enqueue_due_tasks(now=timezone.now()):
                if options["verbosity"] > 1:
                    self.stdout.write(f"enqueued {task_path}")
            if once:
                return
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(0.2)

    def stop(self, signum, frame):
        self.running = False
