"""The outbox under faults (issue 6), each against a real SMTP server on loopback.

The mail server is down, slow, refusing (5xx and 4xx), or the worker is killed with SIGKILL
in the middle of the SMTP conversation. No mocks: aiosmtpd handlers misbehave on purpose.
"""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from complaints.models import TimelineEntry
from conftest import SMTPSink, free_port
from notifications.delivery import MAX_ATTEMPTS, STALLED_AFTER, retry_delay
from notifications.models import OutboundEmail
from notifications.outbox import deliver_email

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def acknowledged(register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = register()
    return complaint, OutboundEmail.objects.get(complaint=complaint)


def route_mail_to(settings, port, *, timeout=10):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.fixture
def serve():
    """Start aiosmtpd controllers with a given handler; stops them all at the end."""
    controllers = []

    def _serve(handler, port=None):
        port = port or free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        return port

    yield _serve
    for controller in controllers:
        controller.stop()


class SlowServer(SMTPSink):
    """Accepts the conversation, then sits on DATA for `delay` seconds before answering."""

    def __init__(self, delay):
        super().__init__()
        self.delay = delay
        self.in_data = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.in_data.set()
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


class RefusingServer(SMTPSink):
    """Answers RCPT or DATA with `reply` (e.g. "550 …", "451 …")."""

    def __init__(self, reply, *, at="RCPT"):
        super().__init__()
        self.reply = reply
        self.at = at

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.at == "RCPT":
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.at == "DATA":
            return self.reply
        return await super().handle_DATA(server, session, envelope)


def test_a_server_that_is_down_is_retried_until_it_comes_up(acknowledged, settings, serve, now):
    complaint, email = acknowledged
    port = free_port()  # nothing listens here yet
    route_mail_to(settings, port, timeout=2)

    at = now
    for attempt in (1, 2):
        assert deliver_email(email.pk, now=at) == OutboundEmail.Status.PENDING
        email.refresh_from_db()
        assert email.attempts == attempt
        assert email.due_at == at + retry_delay(attempt)
        assert "ConnectionRefusedError" in email.last_error
        at = email.due_at

    sink = SMTPSink()
    serve(sink, port=port)  # the server comes back on the same port

    assert deliver_email(email.pk, now=at) == OutboundEmail.Status.SENT
    assert len(sink.messages) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 3, "")
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_SENT).count() == 1


def test_a_server_slower_than_the_timeout_fails_the_attempt_cleanly(
    acknowledged, settings, serve, now
):
    complaint, email = acknowledged
    slow = SlowServer(delay=3)
    route_mail_to(settings, serve(slow), timeout=1)

    started = time.monotonic()
    assert deliver_email(email.pk, now=now) == OutboundEmail.Status.PENDING
    assert time.monotonic() - started < 2.5  # the timeout cut it short, not the server

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.sent_at is None
    assert email.due_at == now + retry_delay(1)
    assert "timed out" in email.last_error.lower()
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_SENT).exists()
    # The retry at the due time times out again: still never marked sent.
    assert deliver_email(email.pk, now=email.due_at) == OutboundEmail.Status.PENDING
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.status == OutboundEmail.Status.PENDING


@pytest.mark.parametrize(
    ("reply", "at", "error"),
    [
        ("550 5.1.1 Mailbox unavailable", "RCPT", "SMTPRecipientsRefused"),
        ("550 5.7.1 Message rejected", "DATA", "SMTPDataError"),
        ("451 4.3.0 Try again later", "RCPT", "SMTPRecipientsRefused"),
        ("451 4.3.0 Try again later", "DATA", "SMTPDataError"),
    ],
)
def test_a_refusing_server_is_retried_then_the_failure_goes_on_the_timeline(
    acknowledged, settings, serve, now, reply, at, error
):
    complaint, email = acknowledged
    server = RefusingServer(reply, at=at)
    route_mail_to(settings, serve(server))

    when = now
    outcomes = []
    for _ in range(MAX_ATTEMPTS):
        outcomes.append(deliver_email(email.pk, now=when))
        email.refresh_from_db()
        assert error in email.last_error
        assert reply.split()[0] in email.last_error
        when = email.due_at

    assert outcomes == [OutboundEmail.Status.PENDING] * (MAX_ATTEMPTS - 1) + [
        OutboundEmail.Status.FAILED
    ]
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert server.messages == []
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.MESSAGE_FAILED)
    assert entry.data["attempts"] == MAX_ATTEMPTS
    assert error in entry.data["error"]
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_SENT).exists()
    # A failed message stays failed until someone retries it.
    assert deliver_email(email.pk, now=when + timedelta(days=1)) is None


def database_url_of_test_database():
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


DELIVER_IN_A_WORKER = """
import sys
import django
django.setup()
from django.utils import timezone
from notifications.outbox import deliver_email
print(deliver_email(int(sys.argv[1]), now=timezone.now()), flush=True)
"""


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_is_redelivered_exactly_once(
    acknowledged, settings, serve, tmp_path, smtp_server
):
    """A separate process runs deliver_email against a server that stalls in DATA; it is
    SIGKILLed there, leaving the row "sending". After STALLED_AFTER the redelivery job
    sends it once, and a second pass sends nothing."""
    from django.utils import timezone

    from notifications.outbox import stalled_emails

    complaint, email = acknowledged
    slow = SlowServer(delay=60)
    slow_port = serve(slow)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    environment.update(
        DATABASE_URL=database_url_of_test_database(),
        DJANGO_SETTINGS_MODULE="reklamo.settings",
        REKLAMO_VAR_DIR=str(tmp_path),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(slow_port),
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", DELIVER_IN_A_WORKER, str(email.pk)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        reached = slow.in_data.wait(timeout=60)
        if not reached:
            worker.kill()
            pytest.fail(f"the worker never reached DATA: {worker.communicate()[0]}")
        email.refresh_from_db()
        assert email.status == OutboundEmail.Status.SENDING
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=10) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENDING
    assert email.attempts == 1
    assert slow.messages == []
    claimed_until = email.due_at
    assert claimed_until - timezone.now() <= STALLED_AFTER

    # Before STALLED_AFTER the claim holds: nobody else sends it.
    early = claimed_until - timedelta(seconds=1)
    assert email not in stalled_emails(now=early)
    assert deliver_email(email.pk, now=early) is None

    later = claimed_until + timedelta(seconds=1)
    assert list(stalled_emails(now=later)) == [email]
    assert deliver_email(email.pk, now=later) == OutboundEmail.Status.SENT
    assert deliver_email(email.pk, now=later + STALLED_AFTER * 2) is None
    assert list(stalled_emails(now=later + STALLED_AFTER * 2)) == []

    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.SENT, 2)
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_SENT).count() == 1
