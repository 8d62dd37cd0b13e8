"""Issue 4's "done when", as a new admin would do it: change the process in the settings,
then drive a complaint from New to Closed on the board with a decision and a refund."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import TimelineEntry
from tests.browser.conftest import sign_in
from workflow.models import Stage

pytestmark = pytest.mark.browser


def card(page, complaint):
    return page.locator(f'.board-card[data-reference="{complaint.reference}"]')


def drag(page, complaint, stage):
    card(page, complaint).drag_to(page.locator(f'.board-column[data-stage="{stage}"]'))


def test_admin_adds_expert_appraisal_then_closes_a_complaint_on_the_board(
    open_page, shipped_checklist, admin_user, register
):
    complaint = register()
    verification = Stage.objects.get(key="verification")
    decision = Stage.objects.get(key="decision")
    page = open_page(viewport={"width": 2600, "height": 1000})
    sign_in(page, admin_user)

    # The settings: a stage between Verification and Decision.
    page.get_by_role("link", name="Settings").click()
    form = page.locator("#add-stage")
    form.get_by_label("Name").fill("Expert appraisal")
    form.get_by_label("Place after").select_option(str(verification.pk))
    form.locator(f"input[name='stage-sources'][value='{verification.pk}']").check()
    form.locator(f"input[name='stage-targets'][value='{decision.pk}']").check()
    form.get_by_label("What the customer is told").fill("An expert is appraising the product.")
    form.get_by_role("button", name="Add stage").click()
    expect(page.locator(".messages")).to_contain_text("Stage “Expert appraisal” added.")
    expect(page.locator("svg.diagram")).to_contain_text("Expert appraisal")

    # The board has the new column, in its place.
    page.goto("/desk/board/")
    headings = page.locator(".board-column-head h2")
    expect(headings.nth(1)).to_have_text("Verification")
    expect(page.locator('.board-column[data-stage="expert_appraisal"]')).to_be_visible()

    drag(page, complaint, "verification")
    expect(card(page, complaint)).to_have_attribute("data-stage", "verification")
    drag(page, complaint, "expert_appraisal")
    expect(card(page, complaint)).to_have_attribute("data-stage", "expert_appraisal")
    drag(page, complaint, "decision")
    expect(card(page, complaint)).to_have_attribute("data-stage", "decision")

    # Deciding: the drop on Resolution opens the decision form.
    drag(page, complaint, "resolution")
    expect(page).to_have_url(re.compile(r"/decide/\?outcome=accepted$"))
    page.locator("#id_justification").fill("The expert found a factory fault.")
    page.locator("#id_remedy").select_option("refund")
    page.locator("#id_amount").fill("120")
    page.locator("#id_currency").fill("PLN")
    page.locator("#record-decision").click()

    # The refund is paid, then the complaint closes.
    page.locator("#resolution").get_by_role("button", name="Mark done").click()
    expect(page.locator("#resolution-progress")).to_have_text("1 of 1 done")
    page.goto("/desk/board/")
    drag(page, complaint, "closed")
    expect(card(page, complaint)).to_have_attribute("data-stage", "closed")

    # Every step is on the timeline.
    page.goto(f"/desk/complaints/{complaint.reference}/")
    timeline = page.locator(".timeline")
    for step in [
        "Moved from “New” to “Verification”",
        "Moved from “Verification” to “Expert appraisal”",
        "Moved from “Expert appraisal” to “Decision”",
        "Decision: accepted · Refund · 120.00 PLN",
        "Moved from “Decision” to “Resolution”",
        "Refund of 120.00 PLN paid",
        "Moved from “Resolution” to “Closed”",
    ]:
        expect(timeline).to_contain_text(step)
    moves = complaint.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert [entry.data["target"] for entry in moves] == [
        "verification",
        "expert_appraisal",
        "decision",
        "resolution",
        "closed",
    ]
