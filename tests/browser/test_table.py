"""The complaint table in a real browser: tick complaints, act on them in bulk."""

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.browser.conftest import sign_in
from workflow.transitions import move_complaint

pytestmark = pytest.mark.browser


def test_moving_three_complaints_in_bulk_reports_the_one_refused(page, agent, register, now):
    first, second = register(), register()
    rejected = register()
    move_complaint(rejected, to="rejected", by=agent, now=now, reason="Duplicate")
    sign_in(page, agent)

    select_page = page.get_by_label("Select all on this page")
    select_page.check()
    expect(page.locator("[data-selected-count]")).to_have_text("3 / 3")
    # The rows are plain checkboxes: reachable and toggled from the keyboard.
    page.get_by_label(f"Select {second.reference}").focus()
    page.keyboard.press("Space")
    expect(page.locator("[data-selected-count]")).to_have_text("2 / 3")
    page.keyboard.press("Space")
    expect(select_page).to_be_checked()

    action = page.get_by_label("With the selected complaints")
    action.select_option("tag")
    expect(page.get_by_label("Move to")).to_be_hidden()
    action.select_option("move")
    page.get_by_label("Move to").select_option("verification")
    page.get_by_role("button", name="Apply to selected").click()

    summary = page.locator("#bulk-summary")
    expect(summary).to_contain_text("2 moved; 1 refused:")
    expect(summary.locator("li")).to_have_count(1)
    expect(summary.locator("li")).to_have_text(
        f"{rejected.reference}: Your role may not move a complaint from “Rejected” to "
        "“Verification”."
    )
    stages = dict(Complaint.objects.values_list("pk", "stage"))
    assert stages == {first.pk: "verification", second.pk: "verification", rejected.pk: "rejected"}
