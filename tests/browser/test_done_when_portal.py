"""Issue 7's "done when", as a new customer would do it, without an account: complain on the
web form with a photo, follow the e-mailed tracking link, watch the stage change after the
agent's decision, download the decision letter in Polish, and see the hand-over protocol
with the photos "before" and "after"."""

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from complaints.attachments import add_staff_attachments
from complaints.models import Complaint
from complaints.ownership import take_complaint
from conftest import photo
from documents.models import Document, Kind
from tests.browser.conftest import PHONE
from workflow.decisions import record_decision
from workflow.models import Stage
from workflow.transitions import move_complaint

pytestmark = pytest.mark.browser

CUSTOMER = "zofia.nowak@example.com"


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def jpeg(path, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def status_text(key):
    with translation.override("pl"):
        return str(Stage.objects.get(process__is_default=True, key=key).customer_label)


def kind_in_polish(kind):
    with translation.override("pl"):
        return str(kind.label)


def pdf_from(page, link):
    with page.expect_download() as download:
        link.click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(page_.extract_text() for page_ in reader.pages)
    images = sum(len(page_.images) for page_ in reader.pages)
    return download.value.suggested_filename, text, images


def test_customer_follows_the_case_and_gets_the_documents_without_an_account(
    open_page, shipped_checklist, smtp_server, agent, verify, carry_out, tmp_path
):
    customer = open_page(locale="pl-PL", viewport=PHONE, is_mobile=True, has_touch=True)

    # She complains on the web form, in Polish, with a photo of the defect.
    customer.goto("/complaints/new/?lang=pl")
    customer.locator("#id_name").fill("Zofia Nowak")
    customer.locator("#id_email").fill(CUSTOMER)
    customer.locator("#id_product").fill("Czajnik Steel 1,7 l")
    customer.locator("#id_description").fill("Pokrywka nie domyka się od pierwszego dnia.")
    customer.locator("#id_requested_remedy input[value=repair]").check()
    customer.locator("#id_attachments").set_input_files(jpeg(tmp_path / "pokrywka.jpg", "red"))
    customer.locator("#id_consent").check()
    customer.locator("main form.card button[type=submit]").click()
    expect(customer.locator("#reference")).to_be_visible()
    complaint = Complaint.objects.get(reference=customer.locator("#reference").inner_text())

    # The acknowledgment reaches her mailbox with her tracking link; she follows it.
    run_worker()
    [ack] = [message for message in smtp_server.messages if message["To"] == CUSTOMER]
    body = ack.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/track/\S+/", body).group(0)
    customer.goto(urlsplit(link).path)
    expect(customer.locator("#status")).to_have_text(status_text("new"))
    expect(customer.locator("#expected")).to_be_visible()
    expect(customer.locator("#files")).to_contain_text("pokrywka.jpg")

    # The agent verifies and decides: a repair.
    take_complaint(complaint, agent=agent, now=complaint.received_at)
    move_complaint(complaint, to="verification", by=agent, now=complaint.received_at)
    verify(complaint, by=agent)
    move_complaint(complaint, to="decision", by=agent, now=complaint.received_at)
    record_decision(
        complaint,
        outcome="accepted",
        justification="Uszkodzony zawias pokrywki; naprawimy czajnik.",
        remedy="repair",
        by=agent,
        now=complaint.received_at,
    )
    run_worker()

    # She sees the stage change and downloads the decision letter, in Polish.
    customer.reload()
    expect(customer.locator("#status")).to_have_text(status_text("resolution"))
    documents = customer.locator("#documents")
    letter = documents.get_by_role("link", name=kind_in_polish(Kind.DECISION))
    name, text, _images = pdf_from(customer, letter)
    assert name == f"{complaint.reference}-decision-letter-v1.pdf"
    assert "Decyzja w sprawie reklamacji" in text
    assert "Uszkodzony zawias pokrywki; naprawimy czajnik." in text
    assert "Zofia Nowak" in text

    # The repair is done, photographed "after", and the complaint closed.
    add_staff_attachments(
        complaint,
        [photo("po-naprawie.jpg", color=(0, 120, 60))],
        role="after",
        is_internal=False,
        by=agent,
        now=complaint.received_at,
    )
    carry_out(complaint, by=agent)
    move_complaint(complaint, to="closed", by=agent, now=complaint.received_at)
    run_worker()
    assert Document.objects.filter(complaint=complaint, kind=Kind.PROTOCOL).exists()

    customer.reload()
    expect(customer.locator("#status")).to_have_text(status_text("closed"))
    protocol = customer.locator("#documents").get_by_role(
        "link", name=kind_in_polish(Kind.PROTOCOL)
    )
    _name, text, images = pdf_from(customer, protocol)
    assert "Egzemplarz dla klienta" in text and "Egzemplarz dla firmy" in text
    assert "Pokrywka nie domyka się od pierwszego dnia." in text
    assert images == 4  # her photo "before" and ours "after", in each of the two copies
    expect(customer.locator("#files")).to_contain_text("po-naprawie.jpg")

    # All of it without an account: no sign-in, nothing of the desk.
    assert not any(cookie["name"] == "sessionid" for cookie in customer.context.cookies())
    assert customer.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
