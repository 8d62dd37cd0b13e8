"""My warnings (DL-3): the signed-in user's alerts, marked read one by one or all at once."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import TimelineEntry
from deadlines.checker import check_clocks
from notifications.alerts import alert_staff, unread_alerts
from notifications.models import StaffAlert

URL = reverse("desk:warnings")
READ_URL = reverse("desk:mark_warnings_read")


def raise_alerts(user, complaint, count, now):
    return [
        alert_staff(
            user,
            kind="sla_warning",
            key=f"test:{number}",
            text=f"Service level at risk number {number}",
            complaint=complaint,
            now=now + timedelta(minutes=number),
        )
        for number in range(count)
    ]


def test_the_list_shows_my_alerts_newest_first_with_the_unread_highlighted(
    client, register, agent, manager, now
):
    complaint = register()
    old, new = raise_alerts(agent, complaint, 2, now)
    alert_staff(manager, kind="x", key="other", text="For Maria only", complaint=complaint, now=now)
    old.read_at = now
    old.save()
    client.force_login(agent)

    html = client.get(URL).content.decode()

    assert html.index("number 1") < html.index("number 0")
    assert "For Maria only" not in html
    assert f'id="alert-{new.pk}" class="overdue unread"' in html
    assert f'id="alert-{old.pk}">' in html
    assert reverse("desk:complaint_detail", args=[complaint.reference]) in html
    assert "Service level at risk" in html
    # The navigation counts the one unread alert.
    assert 'id="unread-warnings"' in html and ">1</span>" in html


def test_an_empty_list_says_what_will_appear(client, agent):
    client.force_login(agent)
    html = client.get(URL).content.decode()
    assert 'id="no-warnings"' in html
    assert 'id="unread-warnings"' not in html


def test_mark_one_read_and_then_all(client, register, agent, now):
    first, second, third = raise_alerts(agent, register(), 3, now)
    client.force_login(agent)

    response = client.post(READ_URL, {"alert": first.pk, "page": "1"})
    assert response.status_code == 302 and response.url == f"{URL}?page=1"
    assert list(unread_alerts(agent).order_by("pk")) == [second, third]

    response = client.post(READ_URL, {"all": "1"}, follow=True)
    assert "2 warnings marked read." in response.content.decode()
    assert not unread_alerts(agent).exists()


def test_someone_elses_alert_cannot_be_marked(client, register, agent, manager, now):
    [alert] = raise_alerts(manager, register(), 1, now)
    client.force_login(agent)

    response = client.post(READ_URL, {"alert": alert.pk}, follow=True)
    assert "That warning is not yours, or it was read already." in response.content.decode()
    client.post(READ_URL, {"all": "1"})

    alert.refresh_from_db()
    assert alert.read_at is None


def test_bad_input_is_told_and_get_is_refused(client, agent):
    client.force_login(agent)
    response = client.post(READ_URL, {"alert": "nine"}, follow=True)
    assert "Choose a warning to mark read." in response.content.decode()
    assert client.get(READ_URL).status_code == 405


def test_marking_read_needs_the_csrf_token(register, agent, now):
    from django.test import Client

    [alert] = raise_alerts(agent, register(), 1, now)
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    assert client.post(READ_URL, {"alert": alert.pk}).status_code == 403
    assert unread_alerts(agent).count() == 1


def test_the_page_is_for_staff(client):
    assert client.get(URL).status_code == 302


def test_queries_do_not_grow_with_the_alerts(client, register, agent, now):
    complaint = register()
    raise_alerts(agent, complaint, 3, now)
    client.force_login(agent)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    StaffAlert.objects.bulk_create(
        StaffAlert(
            recipient=agent,
            complaint=complaint,
            kind="sla_breach",
            key=f"bulk:{n}",
            text="t",
            created_at=now,
        )
        for n in range(150)
    )
    with CaptureQueriesContext(connection) as many:
        html = client.get(URL).content.decode()
    assert len(many) == len(few)
    # The badge stops counting at 99.
    assert ">99+</span>" in html
    assert "Page 1 of 7" in html


def test_the_timeline_tells_the_deadline_events(client, register, agent, manager, now):
    complaint = register()
    # The checker runs on: each warning before its breach, the legal term run out at last.
    for days in (4, 11, 20):
        check_clocks(now=now + timedelta(days=days))
    client.force_login(manager)

    html = client.get(reverse("desk:complaint_detail", args=[complaint.reference])).content.decode()

    assert complaint.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).count() == 4
    assert "Service level at risk: due" in html
    assert "Service level breached: was due" in html
    assert "No first response: was due" in html
    assert "Legal deadline near: answer by" in html
    assert "No answer reached the customer by 16 Mar 2026" in html
    assert 'id="deemed-accepted"' in html
