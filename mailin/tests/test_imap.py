"""Reading mailboxes from a real Dovecot on loopback."""

from datetime import timedelta

from complaints.models import Complaint, TimelineEntry
from conftest import free_port
from mailin.imap import poll_due_mailboxes, poll_mailbox
from mailin.ingest import ingest_message
from mailin.models import Mailbox
from mailin.tests import messages
from notifications.models import OutboundEmail, StaffAlert
from notifications.outbox import deliver_email


def mailbox_for(server, **extra):
    values = {
        "name": "Complaints",
        "host": "127.0.0.1",
        "port": server.port,
        "security": Mailbox.Security.PLAIN,
        "username": server.username,
        "password": server.password,
        "default_language": "en",
    }
    values.update(extra)
    return Mailbox.objects.create(**values)


def test_unseen_messages_become_complaints_and_are_flagged_after_commit(db, now, dovecot):
    dovecot.deliver(messages.thunderbird_pl_iso())
    dovecot.deliver(messages.plain(extra_headers="Precedence: bulk\n", message_id="<b@x>"))
    mailbox = mailbox_for(dovecot)
    outcomes = poll_mailbox(mailbox, now=now)
    assert [outcome.kind for outcome in outcomes] == ["created", "ignored"]
    assert Complaint.objects.get().language == "en"
    assert dovecot.unseen() == []
    assert poll_mailbox(mailbox, now=now) == []


def test_a_crash_between_commit_and_flag_rereads_without_a_duplicate(db, now, dovecot):
    raw = messages.greek_iso_8859_7()
    dovecot.deliver(raw)
    # The worker ingested and committed, then died before flagging the message.
    first = ingest_message(raw, now=now)
    assert len(dovecot.unseen()) == 1
    [again] = poll_mailbox(mailbox_for(dovecot), now=now)
    assert str(again) == f"duplicate {first.complaint.reference}"
    assert Complaint.objects.count() == 1
    assert dovecot.unseen() == []


def test_mail_in_acknowledgment_over_smtp_reply_over_imap(db, now, dovecot, smtp_server):
    dovecot.deliver(messages.plain())
    mailbox = mailbox_for(dovecot)
    [created] = poll_mailbox(mailbox, now=now)
    ack = OutboundEmail.objects.get()
    deliver_email(ack.pk, now=now)
    [delivered] = smtp_server.messages
    assert delivered["Message-ID"] == ack.message_id
    assert created.complaint.reference in delivered["Subject"]
    reply = messages.plain(
        subject=f"Re: {delivered['Subject']}",
        body="Receipt attached later.\n\nOn Mon, Reklamo wrote:\n> old",
        message_id="<imap-reply@example.com>",
        extra_headers=f"In-Reply-To: {delivered['Message-ID']}\n",
    )
    dovecot.deliver(reply)
    [replied] = poll_mailbox(mailbox, now=now + timedelta(minutes=1))
    assert str(replied) == f"reply {created.complaint.reference}"
    entry = created.complaint.timeline.get(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)
    assert entry.text == "Receipt attached later."


def test_a_broken_mailbox_does_not_hold_the_others_back_and_alerts_admins(
    db, now, dovecot, admin_user, smtp_server
):
    admin_user.email = "ada@example.com"
    admin_user.save()
    dovecot.deliver(messages.plain())
    wrong_password = mailbox_for(dovecot, name="Wrong password", password="nope")
    unreachable = mailbox_for(dovecot, name="Down", port=free_port())
    good = mailbox_for(dovecot, name="Good")
    results = poll_due_mailboxes(now=now)
    assert [outcome.kind for outcome in results[good.pk]] == ["created"]
    wrong_password.refresh_from_db()
    assert "refused the login" in wrong_password.last_error
    assert wrong_password.failing_since == now
    unreachable.refresh_from_db()
    assert unreachable.last_error
    assert not StaffAlert.objects.exists()  # a short hiccup alerts nobody

    later = now + timedelta(minutes=20)
    poll_due_mailboxes(now=later)
    alerts = StaffAlert.objects.filter(recipient=admin_user, kind="mailbox_failing")
    assert {alert.text.split("”")[0] for alert in alerts} == {
        "The mailbox “Wrong password",
        "The mailbox “Down",
    }
    assert len(smtp_server.messages) == 2
    # Still failing a minute later: no second alert for the same episode.
    poll_due_mailboxes(now=later + timedelta(minutes=2))
    assert alerts.count() == 2


def test_each_mailbox_is_polled_on_its_own_interval(db, now, dovecot):
    mailbox = mailbox_for(dovecot, poll_interval=300)
    assert mailbox.pk in poll_due_mailboxes(now=now)
    assert mailbox.pk not in poll_due_mailboxes(now=now + timedelta(seconds=299))
    assert mailbox.pk in poll_due_mailboxes(now=now + timedelta(seconds=300))
    mailbox.refresh_from_db()
    assert mailbox.last_success_at == now + timedelta(seconds=300)
