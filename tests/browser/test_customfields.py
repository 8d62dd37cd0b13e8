"""Custom fields (IN-7) in a real browser: the category's questions appear when it is chosen
(htmx under the strict CSP), the customer answers them, and staff read the answers."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Category, Complaint
from conftest import MINIMAL_PDF
from customfields.definitions import add_definition
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_customer_answers_the_questions_of_a_category_and_staff_see_them(
    open_page, agent, tmp_path
):
    goods = Category.objects.create(name="Goods")
    services = Category.objects.create(name="Services")
    add_definition(category=goods, label="Serial number", kind="text", required=True)
    add_definition(category=goods, label="Purchased in", kind="choice", choices=["Shop", "Online"])
    add_definition(category=goods, label="Warranty card", kind="file")
    add_definition(
        category=goods, label="Inspection result", kind="text", visible_to_customer=False
    )
    add_definition(category=services, label="Date of service", kind="date")
    card = tmp_path / "warranty.pdf"
    card.write_bytes(MINIMAL_PDF)

    page = open_page()
    page.goto("/complaints/new/?embed=1")
    expect(page.locator("#id_attr_serial_number")).to_have_count(0)

    page.locator("#id_category").select_option(label="Services")
    expect(page.locator("#id_attr_date_of_service")).to_be_visible()
    page.locator("#id_category").select_option(label="Goods")
    expect(page.locator("#id_attr_serial_number")).to_be_visible()
    expect(page.locator("#id_attr_date_of_service")).to_have_count(0)
    expect(page.locator("#id_attr_inspection_result")).to_have_count(0)

    page.locator("#id_name").fill("Cecilia Customer")
    page.locator("#id_email").fill("cecilia@example.com")
    page.locator("#id_product").fill("Kettle Steel 1.7 l")
    page.locator("#id_description").fill("The lid does not close.")
    page.locator("#id_requested_remedy input[value=repair]").check()
    page.locator("#id_attr_purchased_in").select_option("Online")
    page.locator("#id_attr_warranty_card").set_input_files(card)
    page.locator("#id_consent").check()
    page.locator("main form.card button[type=submit]").click()

    # The serial number is required: the error is next to it, the answers typed are kept.
    serial = page.locator(".field", has=page.locator("#id_attr_serial_number"))
    expect(serial).to_contain_text("This field is required.")
    expect(page.locator("#id_attr_purchased_in")).to_have_value("Online")
    expect(page.locator("#id_description")).to_have_value("The lid does not close.")
    page.locator("#id_attr_serial_number").fill("SN-12345")
    page.locator("#id_attr_warranty_card").set_input_files(card)
    page.locator("main form.card button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/complaints/submitted/[\w-]+/\?lang=en&embed=1$"))
    complaint = Complaint.objects.get()
    assert complaint.category == goods

    staff = open_page()
    sign_in(staff, agent)
    staff.goto(f"/desk/complaints/{complaint.reference}/")
    details = staff.locator("#attributes")
    expect(details).to_contain_text("SN-12345")
    expect(details).to_contain_text("Online")
    expect(details.get_by_role("link", name="warranty.pdf")).to_be_visible()
    expect(details).to_contain_text("staff only")

    details.get_by_role("link", name="Edit").click()
    staff.locator("#id_attr_inspection_result").fill("Hinge bent")
    staff.get_by_role("button", name="Save").click()
    expect(staff.locator("#attributes")).to_contain_text("Hinge bent")
    expect(staff.locator("#timeline")).to_contain_text("Details changed")
