from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from deadlines.backfill import start_missing_clocks


class Command(BaseCommand):
    help = (
        "Start the service and legal clocks of complaints registered before the clocks "
        "existed, counting from their receipt. Safe to run again; complaints with clocks "
        "are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be started; change nothing."
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Complaints per transaction (500)."
        )

    def handle(self, *, dry_run, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")

        def progress(done, total):
            self.stdout.write(f"  {done} of {total} complaints…")

        started, had_one = start_missing_clocks(
            now=timezone.now(), batch_size=batch_size, dry_run=dry_run, on_batch=progress
        )
        if dry_run:
            self.stdout.write(
                f"Would start clocks for {started} complaints; {had_one} already had one. "
                "(Dry run: nothing changed.)"
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Started clocks for {started} complaints; {had_one} already had one."
                )
            )
