"""DO-1, DO-2 in a real browser, on a phone: an agent makes a Polish document on the complaint
page and downloads it; an admin corrects the Polish decision letter's template."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from documents.models import DocumentTemplate
from documents.tests.conftest import pdf_text
from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


def test_agent_generates_a_document_and_downloads_it(open_page, agent, register):
    complaint = register(language="pl", description="Pokrywa pękła #2 [*uwaga*] $5.")
    page = open_page(viewport=PHONE)
    sign_in(page, agent)
    page.goto(f"/desk/complaints/{complaint.reference}/")

    page.locator("#id_document_kind").select_option("registration_confirmation")
    page.locator("#generate-document").click()
    link = page.locator("#documents a.document-link")
    expect(link).to_have_text(f"{complaint.reference}-registration-confirmation-v1.pdf")
    with page.expect_download() as info:
        link.click()

    download = info.value
    assert download.suggested_filename == f"{complaint.reference}-registration-confirmation-v1.pdf"
    text = pdf_text(Path(download.path()).read_bytes())
    assert "Potwierdzenie przyjęcia reklamacji" in text
    assert "Pokrywa pękła #2 [*uwaga*] $5." in text


def test_admin_corrects_the_polish_decision_letter(open_page, admin_user):
    page = open_page(viewport=PHONE)
    sign_in(page, admin_user)
    page.goto("/desk/settings/documents/")
    page.locator("#kind-decision_letter").get_by_role("link", name="Polski").click()
    expect(page.locator("#id_title")).to_have_value("Decyzja w sprawie reklamacji")

    page.locator("#id_body").fill("Szanowni Państwo,\n\n{uzasadnienie}")
    page.locator("#save-template").click()
    expect(page.locator(".field.has-error")).to_contain_text("Unknown placeholder {uzasadnienie}")

    page.locator("#id_body").fill("Szanowni Państwo,\n\n*Uzasadnienie:* {justification}\n\n#oops")
    page.locator("#save-template").click()
    expect(page.locator(".field.has-error")).to_contain_text("line 5 of the text")

    page.locator("#id_body").fill("Szanowni Państwo,\n\n*Uzasadnienie:* {justification}")
    page.locator("#save-template").click()
    expect(page.locator("#document-kinds")).to_be_visible()
    template = DocumentTemplate.objects.get(kind="decision_letter", language="pl")
    assert template.body == "Szanowni Państwo,\n\n*Uzasadnienie:* {justification}"
