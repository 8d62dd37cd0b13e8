import threading
from datetime import timedelta

import pytest
from django.db import connection

from complaints.models import TimelineEntry
from notifications.alerts import alert_staff, mark_read, unread_alerts
from notifications.models import OutboundEmail, StaffAlert
from notifications.outbox import deliver_email


@pytest.fixture(autouse=True)
def manager_address(manager):
    manager.email = "maria@reklamo.example"
    manager.save()


def test_an_alert_is_raised_once_per_key(register, manager, now):
    complaint = register()

    first = alert_staff(
        manager, kind="sla_breach", key="k:1", text="SLA breached", complaint=complaint, now=now
    )
    again = alert_staff(
        manager,
        kind="sla_breach",
        key="k:1",
        text="SLA breached",
        complaint=complaint,
        now=now + timedelta(minutes=5),
    )

    assert first is not None and again is None
    assert list(unread_alerts(manager)) == [first]
    assert OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.STAFF_ALERT).count() == 1


def test_the_alert_email_reaches_staff_and_stays_off_the_customers_timeline(
    register, manager, smtp_server, now
):
    complaint = register()
    alert_staff(manager, kind="x", key="k", text="Look at this", complaint=complaint, now=now)
    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.STAFF_ALERT)

    assert deliver_email(email.pk, now=now) == OutboundEmail.Status.SENT

    [message] = smtp_server.messages
    assert message["To"] == manager.email
    assert complaint.reference in message["Subject"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Look at this" in body
    assert f"/desk/complaints/{complaint.reference}/" in body
    assert not complaint.timeline.filter(kind=TimelineEntry.Kind.MESSAGE_SENT).exists()


def test_staff_without_an_address_still_see_the_alert(register, manager, now):
    manager.email = ""
    manager.save()

    alert = alert_staff(manager, kind="x", key="k", text="t", complaint=register(), now=now)

    assert alert is not None
    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.STAFF_ALERT).exists()


def test_only_the_recipient_marks_their_alerts_read(register, manager, agent, now):
    alert = alert_staff(manager, kind="x", key="k", text="t", complaint=register(), now=now)

    assert mark_read(agent, [alert.pk], now=now) == 0
    assert mark_read(manager, [alert.pk], now=now) == 1
    assert not unread_alerts(manager).exists()


@pytest.mark.django_db(transaction=True)
def test_two_checkers_racing_raise_one_alert(register, manager, now):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    complaint = register()
    barrier = threading.Barrier(2)
    results = []

    def raise_it():
        barrier.wait()
        try:
            results.append(
                alert_staff(manager, kind="x", key="race", text="t", complaint=complaint, now=now)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=raise_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r is None for r in results) == [False, True]
    assert StaffAlert.objects.count() == 1
