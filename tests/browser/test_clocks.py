"""The two clocks in a real browser: asking the customer pauses the service clock."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_waiting_for_the_customer_pauses_the_service_clock_not_the_legal_one(
    open_page, agent, register, viewport
):
    complaint = register(received_at=timezone.now())
    page = open_page(**({"viewport": viewport} if viewport else {}))
    sign_in(page, agent)
    page.goto(f"/desk/complaints/{complaint.reference}/")

    sla, legal = page.locator("#sla-clock"), page.locator("#legal-clock")
    expect(sla.locator(".badge")).to_have_text("On time")
    expect(legal.locator(".badge")).to_have_text("On time")
    expect(legal).to_contain_text("Poland, consumer")

    page.locator("#transitions").get_by_role("button", name="→ Verification").click()
    page.locator("#id_reason").fill("Please send a photo of the rating plate.")
    page.locator("#transitions").get_by_role("button", name="→ Waiting for customer").click()

    expect(sla.locator(".badge")).to_have_text("Paused")
    expect(sla).to_contain_text("Paused since")
    expect(legal.locator(".badge")).to_have_text("On time")
