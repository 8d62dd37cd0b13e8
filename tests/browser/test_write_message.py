"""CO-3 in a real browser: an agent picks a canned response, previews and sends."""

import pytest
from playwright.sync_api import expect

from messaging.defaults import create_default_canned_responses
from messaging.models import CannedResponse, MessageAttachment
from notifications.models import OutboundEmail
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_agent_writes_to_the_customer_from_a_canned_response(page, agent, register, tmp_path):
    # The migration ships them; the flush after an earlier live-server test empties the table.
    create_default_canned_responses(CannedResponse)
    complaint = register()
    sign_in(page, agent)
    page.goto(f"/desk/complaints/{complaint.reference}/")

    page.locator("#id_write_canned").select_option(label="Apology")
    page.locator("#write-message").click()
    expect(page.locator("#id_subject")).to_have_value(f"We are sorry – {complaint.reference}")  # noqa: RUF001

    # htmx swaps in another response's text when the agent picks it.
    page.locator("#id_canned").select_option(label="Request for information")
    expect(page.locator("#id_body")).to_contain_text("we need some more information")
    page.locator("#id_body").fill("Dear Cecilia,\n\nplease send us a photo of the lid.")

    page.locator("#preview-message").click()
    expect(page.locator("#preview")).to_contain_text("please send us a photo of the lid.")
    expect(page.locator("#preview")).to_contain_text("cecilia@example.com")
    assert not OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.MESSAGE).exists()

    form_pdf = tmp_path / "form.pdf"
    form_pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    page.locator("#id_attachments").set_input_files(str(form_pdf))
    page.locator("#send-message").click()

    expect(page.locator(".messages, [role=status], .notice").first).to_contain_text("queued")
    email = OutboundEmail.objects.get(purpose=OutboundEmail.Purpose.MESSAGE)
    assert email.body == "Dear Cecilia,\n\nplease send us a photo of the lid."
    assert MessageAttachment.objects.get(email=email).attachment.original_name == "form.pdf"
    expect(page.locator("#timeline")).to_contain_text("Message to the customer")
