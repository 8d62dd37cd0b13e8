"""The legal clock in a real browser: staff record an answer sent by post and its delivery,
and the clock card turns from "sent, not yet delivered" (at risk) to met."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints.customers import Contact
from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_staff_record_postal_delivery_and_the_legal_clock_is_met(
    open_page, agent, register, viewport
):
    today = timezone.localdate()
    complaint = register(
        contact=Contact(name="Piotr Postal", phone="+48 601 234 567"),
        received_at=timezone.now() - timedelta(days=3),
    )
    page = open_page(**({"viewport": viewport} if viewport else {}))
    sign_in(page, agent)
    page.goto(f"/desk/complaints/{complaint.reference}/")
    legal = page.locator("#legal-clock")
    expect(legal.locator("#legal-state")).to_have_text("On time")

    # A date in the future is refused with a message, and nothing changes.
    legal.get_by_label("Answer sent by post on").fill((today + timedelta(days=1)).isoformat())
    legal.get_by_role("button", name="Record posting").click()
    expect(page.get_by_text("The date cannot be in the future.")).to_be_visible()

    legal = page.locator("#legal-clock")
    legal.get_by_label("Answer sent by post on").fill((today - timedelta(days=1)).isoformat())
    legal.get_by_role("button", name="Record posting").click()
    expect(page.get_by_text("The answer is recorded as sent by post.")).to_be_visible()
    legal = page.locator("#legal-clock")
    expect(legal.locator("#legal-state")).to_have_text("At risk")
    expect(legal.locator("#legal-note")).to_have_text("Answer sent, not yet delivered")

    legal.get_by_label("Answer delivered on").fill(today.isoformat())
    legal.get_by_role("button", name="Record delivery").click()

    legal = page.locator("#legal-clock")
    expect(legal.locator("#legal-state")).to_have_text("Met")
    expect(legal.locator("#legal-note")).to_contain_text("Delivered on")
    expect(legal.locator("form")).to_have_count(0)
    expect(page.locator("#timeline")).to_contain_text("Answer delivered by post on")
