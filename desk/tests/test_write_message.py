"""CO-3 on the desk: the "Write to the customer" card and page, preview, send, settings."""

import pytest
from django.urls import reverse

from complaints.customers import Contact
from conftest import PASSWORD, receipt
from messaging.models import CannedResponse
from notifications.models import OutboundEmail


def write_url(complaint):
    return reverse("desk:write_message", args=[complaint.reference])


@pytest.fixture
def signed_in(client, agent):
    client.login(username=agent.username, password=PASSWORD)
    return client


def test_the_complaint_page_offers_to_write_with_canned_responses(signed_in, register):
    complaint = register()

    page = signed_in.get(reverse("desk:complaint_detail", args=[complaint.reference]))

    html = page.content.decode()
    assert 'id="write-card"' in html
    assert f'action="{write_url(complaint)}"' in html
    assert ">Thanks</option>" in html


def test_picking_a_canned_response_fills_subject_and_body(signed_in, register):
    complaint = register()
    canned = CannedResponse.objects.get(key="thanks", language="en")

    page = signed_in.get(write_url(complaint), {"canned": canned.pk})

    form = page.context["form"]
    assert form.initial["subject"] == f"Thank you – {complaint.reference}"  # noqa: RUF001
    assert form.initial["body"].startswith("Dear Cecilia Customer,")
    assert "Agnes" in form.initial["body"]


def test_htmx_gets_only_the_fields(signed_in, register):
    complaint = register()
    canned = CannedResponse.objects.get(key="apology", language="en")

    page = signed_in.get(
        write_url(complaint), {"canned": canned.pk, "fields": 1}, HTTP_HX_REQUEST="true"
    )

    html = page.content.decode()
    assert html.strip().startswith('<div id="message-fields">')
    assert "We are sorry" in html
    assert "<html" not in html


def test_preview_shows_the_email_and_sends_nothing(signed_in, register):
    complaint = register()

    page = signed_in.post(
        write_url(complaint),
        {"action": "preview", "subject": "Update", "body": "Your kettle is on its way."},
    )

    assert page.status_code == 200
    assert page.context["preview"] == {
        "to": "cecilia@example.com",
        "subject": f"[{complaint.reference}] Update",
        "body": "Your kettle is on its way.",
        "files": [],
    }
    assert 'id="preview"' in page.content.decode()
    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.MESSAGE).exists()


def test_send_queues_the_message_with_its_file(signed_in, register):
    complaint = register()

    response = signed_in.post(
        write_url(complaint),
        {"action": "send", "subject": "Form", "body": "Please sign it.", "attachments": receipt()},
    )

    assert response.status_code == 302
    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.MESSAGE)
    assert email.body == "Please sign it."
    assert [link.attachment.original_name for link in email.message_attachments.all()] == [
        "receipt.pdf"
    ]


def test_sending_an_empty_message_shows_the_error(signed_in, register):
    complaint = register()

    page = signed_in.post(write_url(complaint), {"action": "send", "subject": "x", "body": " "})

    assert page.status_code == 200
    assert page.context["form"].errors["body"] == ["Write the message first."]


def test_a_customer_without_email_gets_told_to_phone(signed_in, register):
    complaint = register(contact=Contact(name="Piotr Phone", phone="+48600100200"))

    page = signed_in.post(write_url(complaint), {"action": "send", "body": "Hello"})

    assert "Phone them or write by post" in page.context["form"].non_field_errors()[0]


def test_a_specialist_cannot_open_the_page(client, specialist, register):
    complaint = register()
    client.login(username=specialist.username, password=PASSWORD)

    assert client.get(write_url(complaint)).status_code == 403


def test_admins_manage_canned_responses(client, admin_user):
    client.login(username=admin_user.username, password=PASSWORD)
    add = reverse("desk:canned_response_add")

    refused = client.post(
        add, {"title": "Late", "language": "en", "subject": "{ref}", "body": "Sorry", "active": 1}
    )
    saved = client.post(
        add,
        {"title": "Late", "language": "en", "subject": "{reference}", "body": "Sorry", "active": 1},
    )

    assert "Unknown placeholder: {ref}" in refused.context["form"].errors["subject"][0]
    assert saved.status_code == 302
    canned = CannedResponse.objects.get(title="Late")
    client.post(reverse("desk:canned_response_toggle", args=[canned.pk]))
    canned.refresh_from_db()
    assert not canned.active
    listing = client.get(reverse("desk:canned_responses"))
    assert "switched off" in listing.content.decode()


def test_agents_do_not_manage_canned_responses(signed_in):
    assert signed_in.get(reverse("desk:canned_responses")).status_code == 302
