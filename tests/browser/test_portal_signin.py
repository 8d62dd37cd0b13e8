"""PO-2 in a real browser on a phone: sign in by the e-mailed link, see both complaints, start
a new one prefilled."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from complaints.customers import Contact
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

CECILIA = Contact(name="Cecilia Customer", email="cecilia@example.com", phone="+48 601 234 567")


def run_worker():
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def test_customer_signs_in_by_email_link_and_sees_both_complaints(
    open_page, register, smtp_server, tmp_path
):
    kettle = register(contact=CECILIA, product="Kettle Steel 1.7 l")
    toaster = register(contact=CECILIA, product="Toaster Duo")
    stranger = register(contact=Contact(name="Olaf", email="olaf@example.com"), product="Drill")
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)

    page.goto("/my/")
    expect(page).to_have_url(re.compile(r"/my/sign-in/$"))
    page.get_by_label("Your e-mail address").fill("Cecilia@example.com")
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(page.locator("#link-sent")).to_contain_text("If we have complaints for")

    run_worker()
    [mail] = [m for m in smtp_server.messages if "sign-in link" in m["Subject"]]
    assert mail["To"] == "cecilia@example.com"
    link = re.search(r"https?://\S+/my/sign-in/\S+/", mail.get_content()).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Show my complaints").click()

    expect(page.locator("h1")).to_have_text("My complaints")
    items = page.locator("#my-complaints li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text(toaster.reference)
    expect(items.nth(1)).to_contain_text(kettle.reference)
    expect(items.first).to_contain_text("We have received your complaint.")
    expect(page.locator("#my-complaints")).not_to_contain_text(stranger.reference)
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    page.screenshot(path=str(tmp_path / "my-complaints-390.png"), full_page=True)

    # The link is used up: opening it again signs nobody in.
    page.goto(urlsplit(link).path)
    expect(page.locator("h1")).to_have_text("This link no longer works")

    page.goto("/my/")
    page.get_by_role("link", name="Start a new complaint").click()
    expect(page.get_by_label("Your name")).to_have_value("Cecilia Customer")
    expect(page.get_by_label("E-mail")).to_have_value("cecilia@example.com")
    expect(page.get_by_label("Phone")).to_have_value("+48601234567")

    page.goto("/my/")
    page.get_by_role("link", name=kettle.reference).click()
    expect(page).to_have_url(re.compile(rf"/track/{kettle.tracking_token}/"))
