"""The outbox list (CO-5) and the notification settings (CO-1) on the desk."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.customers import Contact
from notifications.delivery import MAX_ATTEMPTS
from notifications.models import NotificationRule, OutboundEmail
from notifications.outbox import deliver_email
from sms.models import OutboundSms

OUTBOX = reverse("desk:outbox")
SETTINGS = reverse("desk:notification_settings")


def fail(email, now):
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmail.Status.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTP said no"
    )


def test_agents_cannot_see_the_outbox(client, agent):
    client.force_login(agent)
    assert client.get(OUTBOX).status_code == 302


def test_outbox_filters_by_status_with_constant_queries(client, register, manager, now):
    for number in range(3):
        register(contact=Contact(name=f"C{number}", email=f"c{number}@example.com"))
    failed = OutboundEmail.objects.first()
    fail(failed, now)
    client.force_login(manager)

    html = client.get(OUTBOX, {"status": "failed"}).content.decode()
    assert f'id="message-{failed.pk}"' in html
    assert html.count('id="message-') == 1
    assert "SMTP said no" in html
    assert "Retry" in html
    with CaptureQueriesContext(connection) as few:
        client.get(OUTBOX)
    register(contact=Contact(name="More", email="more@example.com"))
    with CaptureQueriesContext(connection) as more:
        client.get(OUTBOX)
    assert len(more) == len(few)


def test_retry_of_a_failed_email_sends_it_once(
    client, register, manager, now, smtp_server, django_capture_on_commit_callbacks
):
    complaint = register()
    email = OutboundEmail.objects.get(complaint=complaint)
    fail(email, now)
    client.force_login(manager)
    url = reverse("desk:outbox_retry", args=["email", email.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)  # a double click
    # "Retry" queued it for the moment the manager clicked.
    deliver_email(email.pk, now=timezone.now())

    assert len(smtp_server.messages) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_text_messages_are_listed_too(client, register, manager):
    register(contact=Contact(name="Piotr", phone="601 234 567"))
    client.force_login(manager)
    html = client.get(OUTBOX, {"channel": "sms"}).content.decode()
    sms = OutboundSms.objects.get()
    assert f'id="message-{sms.pk}"' in html
    assert "+48601234567" in html


def test_admin_switches_a_rule_off_and_on(client, admin_user):
    client.force_login(admin_user)
    rule = NotificationRule.objects.get(event="closed", channel="email")
    html = client.get(SETTINGS).content.decode()
    assert 'id="rule-closed-email"' in html and "Ελληνικά" in html

    client.post(reverse("desk:toggle_notification_rule", args=[rule.pk]))
    rule.refresh_from_db()
    assert not rule.enabled


def test_template_edit_previews_and_refuses_unknown_placeholders(client, admin_user):
    client.force_login(admin_user)
    rule = NotificationRule.objects.get(event="closed", channel="email")
    url = reverse("desk:edit_notification_template", args=[rule.pk, "pl"])

    preview = client.post(
        url,
        {
            "subject": "Zamknięte",
            "body": "Dzień dobry {customer_name}, {reference}",
            "preview": "1",
        },
    ).content.decode()
    assert 'id="template-preview"' in preview
    assert "Dzień dobry Anna Kowalska, RK-2026-000123" in preview
    assert rule.templates.get(language="pl").subject != "Zamknięte"  # a preview saves nothing

    refused = client.post(url, {"subject": "Zamknięte", "body": "Hej {imie}"}).content.decode()
    assert "Unknown placeholder {imie}" in refused

    assert client.post(url, {"subject": "Zamknięte", "body": "{reference}"}).status_code == 302
    assert rule.templates.get(language="pl").subject == "Zamknięte"


def test_managers_cannot_edit_notification_settings(client, manager):
    client.force_login(manager)
    assert client.get(SETTINGS).status_code == 302
