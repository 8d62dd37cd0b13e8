from django.urls import reverse

from complaints.models import Complaint
from mailin.ingest import ingest_message
from mailin.models import QuarantinedEmail
from mailin.tests import messages

BROKEN = b"From: nobody\nSubject: broken\n\nno sender"


def test_only_admins_see_the_quarantine(client, manager, admin_user):
    client.force_login(manager)
    assert client.get(reverse("desk:mail_settings")).status_code == 302
    client.force_login(admin_user)
    page = client.get(reverse("desk:mail_settings"))
    assert page.status_code == 200
    assert "Nothing in quarantine." in page.text
    assert 'id="mail-settings"' in page.text


def test_the_list_is_newest_first_paginated_and_its_queries_do_not_grow(
    client, admin_user, now, django_assert_max_num_queries
):
    from datetime import timedelta

    for number in range(55):
        ingest_message(BROKEN + str(number).encode(), now=now + timedelta(minutes=number))
    client.force_login(admin_user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("desk:mail_settings"))
    newest = QuarantinedEmail.objects.order_by("-created_at").first()
    oldest = QuarantinedEmail.objects.order_by("created_at").first()
    assert page.text.index(f"<td>{newest.pk}</td>") < page.text.index("Page 1 of 2")
    assert f"<td>{oldest.pk}</td>" not in page.text
    assert f"<td>{oldest.pk}</td>" in client.get(reverse("desk:mail_settings") + "?page=2").text


def test_download_gives_the_bytes_and_reprocess_registers_once_fixed(
    client, admin_user, now, settings
):
    settings.LANGUAGES = [("en", "English")]
    raw = messages.plain()
    ingest_message(raw, now=now)
    item = QuarantinedEmail.objects.get()
    client.force_login(admin_user)
    download = client.get(reverse("desk:mail_quarantine_raw", args=[item.pk]))
    assert download.content == raw
    assert download["Content-Type"] == "application/octet-stream"
    assert "attachment" in download["Content-Disposition"]

    url = reverse("desk:mail_quarantine_reprocess", args=[item.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "still cannot be read" in response.text
    settings.LANGUAGES = [("en", "English"), ("pl", "Polish")]
    response = client.post(url, follow=True)
    complaint = Complaint.objects.get()
    assert f"was processed: created {complaint.reference}" in response.text
    assert f"created {complaint.reference}" in response.text  # shown in the list too


def test_admin_adds_edits_and_removes_a_mailbox(client, admin_user, now):
    from mailin.models import Mailbox

    client.force_login(admin_user)
    url = reverse("desk:mail_settings")
    fields = {
        "name": "Complaints",
        "host": "imap.example.com",
        "port": "993",
        "security": "tls",
        "username": "complaints@example.com",
        "password": "",
        "folder": "INBOX",
        "poll_interval": "10",
        "default_language": "pl",
        "is_active": "on",
    }
    page = client.post(url, fields)
    assert "Give the mailbox&#x27;s password." in page.text
    assert "Poll no more often than every 30 seconds." in page.text
    assert not Mailbox.objects.exists()
    page = client.post(url, {**fields, "password": "s3cret", "poll_interval": "60"}, follow=True)
    mailbox = Mailbox.objects.get()
    assert "Mailbox “Complaints” added" in page.text
    assert "Not read yet" in page.text
    assert "s3cret" not in page.text
    edit = reverse("desk:edit_mailbox", args=[mailbox.pk])
    assert "s3cret" not in client.get(edit).text
    client.post(edit, {**fields, "name": "Reklamacje", "poll_interval": "120"})
    mailbox.refresh_from_db()
    assert (mailbox.name, mailbox.password, mailbox.poll_interval) == ("Reklamacje", "s3cret", 120)
    mailbox.failing_since = now
    mailbox.last_error = "The server refused the login"
    mailbox.save()
    assert "The server refused the login" in client.get(url).text
    client.post(reverse("desk:delete_mailbox", args=[mailbox.pk]))
    assert not Mailbox.objects.exists()


def test_received_mail_is_listed_in_django_admin(client, admin_user, now):
    complaint = ingest_message(messages.plain(), now=now).complaint
    client.force_login(admin_user)
    page = client.get(reverse("admin:mailin_inboundemail_changelist"))
    assert page.status_code == 200
    assert "cecilia@example.com" in page.text and complaint.reference in page.text
