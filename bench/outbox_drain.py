"""Benchmark the outbox: drain 1,000 notification e-mails to an SMTP server on loopback (issue 6).

    uv run python bench/outbox_drain.py                    # SQLite in var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reklamo_outbox_bench \
        uv run python bench/outbox_drain.py --yes          # PostgreSQL

Same database conventions as desk_list.py (a fresh SQLite file under var/bench/, or a
PostgreSQL database whose name ends in "_bench"). Complaints are seeded with desk_list's
Seeder; one NOTIFICATION e-mail per complaint is written to the outbox with bulk_create (as
queue_email would write it, without its per-message task). An aiosmtpd sink on 127.0.0.1
receives them. Two ways of draining are timed:

* "loop": deliver_email(id, now=…) for each message in turn, as the redelivery job does;
* "worker": one deliver_email_task per message enqueued, then `manage.py db_worker --batch`
  runs them all, which adds the task queue's own cost (claiming and recording each task).

Each delivery claims its row, opens one SMTP connection, sends, marks the row sent and
writes the MESSAGE_SENT timeline entry. The exit status is 1 if a message is missing or
delivered twice.
"""

import argparse
import logging
import sys
import threading
import time
from email.utils import make_msgid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

from desk_list import Seeder, prepare_database, setup_django  # noqa: E402


class CountingSink:
    """An SMTP server that only counts Message-IDs (parsing would be the sink's cost)."""

    def __init__(self):
        self.ids = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.ids.append(line.split(b":", 1)[1].strip().decode())
                break
        return "250 OK"


def queue(complaints, *, now):
    from notifications.models import OutboundEmail

    emails = [
        OutboundEmail(
            complaint=complaint,
            purpose=OutboundEmail.Purpose.NOTIFICATION,
            to=f"customer{complaint.pk}@example.com",
            subject=f"[{complaint.reference}] Your complaint has moved on",
            body="Hello,\n\nyour complaint has moved to the next stage.\n\nReklamo\n",
            language="en",
            message_id=make_msgid(domain="reklamo.local"),
            created_at=now,
            due_at=now,
        )
        for complaint in complaints
    ]
    return OutboundEmail.objects.bulk_create(emails, batch_size=500)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--yes", action="store_true", help="recreate a non-empty *_bench database")
    parser.add_argument("--no-worker", dest="worker", action="store_false")
    parser.add_argument("--seed", type=int, default=20260302)
    args = parser.parse_args()
    label = prepare_database(args)
    setup_django()

    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from complaints.models import Complaint
    from conftest import free_port
    from notifications.models import OutboundEmail
    from notifications.outbox import deliver_email
    from notifications.tasks import deliver_email_task

    # aiosmtpd logs every SMTP command at INFO; 1,000 conversations would bury the figures.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    status = 0
    try:
        Seeder(args.seed).add(args.messages)
        complaints = list(Complaint.objects.order_by("pk"))
        print(f"Database: {label}; {len(complaints):,} complaints seeded", flush=True)

        for name in ["loop", "worker"] if args.worker else ["loop"]:
            sink.ids.clear()
            started = time.perf_counter()
            emails = queue(complaints, now=timezone.now())
            queued = time.perf_counter() - started
            ids = [email.pk for email in emails]
            started = time.perf_counter()
            if name == "loop":
                for email_id in ids:
                    assert deliver_email(email_id, now=timezone.now()) == "sent"
            else:
                enqueue_started = time.perf_counter()
                for email_id in ids:
                    deliver_email_task.enqueue(email_id)
                enqueued = time.perf_counter() - enqueue_started
                call_command(
                    "db_worker", batch=True, reload=False, startup_delay=False, verbosity=0
                )
            elapsed = time.perf_counter() - started
            sent = OutboundEmail.objects.filter(pk__in=ids, status="sent").count()
            expected = {email.message_id for email in emails}
            extra = f" (enqueueing the tasks {enqueued:.1f} s)" if name == "worker" else ""
            print(
                f"{name:>6}: queued {len(ids):,} in {queued:.2f} s; drained in {elapsed:.1f} s "
                f"= {len(ids) / elapsed:.0f} messages/s{extra}; sent {sent:,}, "
                f"server received {len(sink.ids):,}",
                flush=True,
            )
            if sent != len(ids) or sorted(sink.ids) != sorted(expected):
                print(f"FAIL: {name}: missing or duplicated messages", file=sys.stderr)
                status = 1
    finally:
        controller.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
