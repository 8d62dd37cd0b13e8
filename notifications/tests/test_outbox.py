from datetime import timedelta

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from complaints.models import TimelineEntry
from notifications.delivery import MAX_ATTEMPTS
from notifications.models import OutboundEmail
from notifications.outbox import deliver_email, stalled_emails


@pytest.fixture
def acknowledged(register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = register()
    return complaint, OutboundEmail.objects.get(complaint=complaint)


def test_acknowledgment_reaches_a_real_smtp_server(acknowledged, smtp_server, now):
    complaint, email = acknowledged

    assert deliver_email(email.pk, now=now) == OutboundEmail.Status.SENT

    [message] = smtp_server.messages
    assert message["To"] == "cecilia@example.com"
    assert complaint.reference in message["Subject"]
    assert message["Message-ID"] == email.message_id
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert f"/track/{complaint.tracking_token}/" in body
    assert complaint.reference in body
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.sent_at == now
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.MESSAGE_SENT)
    assert entry.is_public
    assert entry.data["to"] == "cecilia@example.com"


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_what_registration_queued(acknowledged, smtp_server):
    _, email = acknowledged

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert len(smtp_server.messages) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    # (Registration may also have queued its documents' task: documents.receivers.)
    task = DBTaskResult.objects.get(task_path__endswith="deliver_email_task")
    assert task.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_message_is_never_sent_twice(acknowledged, smtp_server, now):
    _, email = acknowledged

    deliver_email(email.pk, now=now)
    assert deliver_email(email.pk, now=now) is None
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert len(smtp_server.messages) == 1


def test_unreachable_mail_server_is_retried_with_backoff(acknowledged, settings, now):
    from conftest import free_port

    _, email = acknowledged
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }

    assert deliver_email(email.pk, now=now) == OutboundEmail.Status.PENDING

    email.refresh_from_db()
    assert email.attempts == 1
    assert email.due_at == now + timedelta(minutes=1)
    assert "ConnectionRefusedError" in email.last_error
    assert DBTaskResult.objects.filter(run_after=now + timedelta(minutes=1)).count() == 1
    # A retry's task that runs before its time (a redelivery sweep) waits for the backoff.
    assert deliver_email(email.pk, now=now + timedelta(seconds=30)) is None
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmail.Status.PENDING, 1)
    assert deliver_email(email.pk, now=now + timedelta(minutes=1)) == OutboundEmail.Status.PENDING
    email.refresh_from_db()
    assert email.attempts == 2


def test_after_the_last_attempt_the_failure_is_on_the_timeline(acknowledged, settings, now):
    from conftest import free_port

    complaint, email = acknowledged
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }

    assert deliver_email(email.pk, now=now) == OutboundEmail.Status.FAILED

    entry = complaint.timeline.get(kind=TimelineEntry.Kind.MESSAGE_FAILED)
    assert entry.data["attempts"] == MAX_ATTEMPTS
    assert not entry.is_public


def test_a_crashed_delivery_is_picked_up_again(acknowledged, smtp_server, now):
    _, email = acknowledged
    # A worker claimed it and died before sending.
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.SENDING, attempts=1, due_at=now + timedelta(minutes=10)
    )
    assert list(stalled_emails(now=now)) == []

    later = now + timedelta(minutes=11)
    assert list(stalled_emails(now=later)) == [email]
    assert deliver_email(email.pk, now=later) == OutboundEmail.Status.SENT
    assert len(smtp_server.messages) == 1


def test_a_lost_task_is_redelivered_by_the_periodic_job(
    acknowledged, smtp_server, time_machine, now
):
    from notifications.tasks import redeliver_stalled_emails

    _, email = acknowledged
    DBTaskResult.objects.all().delete()  # the worker never saw the task
    time_machine.move_to(email.due_at + timedelta(minutes=5))

    assert redeliver_stalled_emails.call() == 1

    assert len(smtp_server.messages) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_acknowledgment_speaks_the_customers_language(
    register, smtp_server, now, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True):
        complaint = register(language="pl")
    deliver_email(OutboundEmail.objects.get().pk, now=now)

    with translation.override("pl"):
        remedy = str(complaint.get_requested_remedy_display())
    [message] = smtp_server.messages
    assert message["Subject"] == f"[{complaint.reference}] Otrzymaliśmy Twoją reklamację"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert remedy in body
    assert "Replacement" not in body


def test_a_failing_receiver_of_email_sent_does_not_unsend_the_message(
    acknowledged, smtp_server, now, caplog
):
    from notifications.signals import email_sent

    _, email = acknowledged
    seen = []

    def broken(sender, *, email, at, **kwargs):
        seen.append(email.pk)
        OutboundEmail.objects.filter(pk=email.pk).update(subject="changed by the receiver")
        raise RuntimeError("receiver bug")

    email_sent.connect(broken, dispatch_uid="test.broken")
    try:
        assert deliver_email(email.pk, now=now) == OutboundEmail.Status.SENT
    finally:
        email_sent.disconnect(dispatch_uid="test.broken")

    assert seen == [email.pk]
    email.refresh_from_db()
    # Sent, recorded, and the receiver's half-done write rolled back to its savepoint.
    assert email.status == OutboundEmail.Status.SENT
    assert email.subject != "changed by the receiver"
    assert len(smtp_server.messages) == 1
    assert "Recording the outcome of e-mail" in caplog.text
