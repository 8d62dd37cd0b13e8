"""My warnings in a real browser (DL-3): the checker's warning in the list and the badge,
read with one click, on a phone-sized screen too."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from complaints.ownership import take_complaint
from deadlines.checker import check_clocks
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_warning_is_listed_counted_and_marked_read(open_page, agent, register, now, viewport):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    check_clocks(now=complaint.clock.sla_warn_at + timedelta(minutes=1))
    page = open_page(**({"viewport": viewport} if viewport else {}))
    sign_in(page, agent)

    page.goto("/desk/warnings/")
    expect(page.locator("#unread-warnings")).to_have_text("1")
    row = page.locator("#warnings tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Service level at risk")
    expect(row.get_by_role("link", name=complaint.reference)).to_be_visible()

    row.get_by_role("button", name="Mark read").click()

    expect(page.locator("#unread-warnings")).to_have_count(0)
    expect(page.locator("#warnings tbody tr.unread")).to_have_count(0)
    assert not page.problems.all
