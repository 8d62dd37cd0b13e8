"""The kanban board in a real browser: drag and drop, refusals, the keyboard dialog."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint, TimelineEntry
from tests.browser.conftest import sign_in
from workflow.transitions import move_complaint

pytestmark = pytest.mark.browser

# Wide enough for every column, so a drag never has to scroll the board.
WIDE = {"width": 2300, "height": 1000}


def card(page, complaint):
    return page.locator(f'.board-card[data-reference="{complaint.reference}"]')


def column(page, stage):
    return page.locator(f'.board-column[data-stage="{stage}"]')


def test_dragging_a_card_to_an_allowed_stage_moves_it(open_page, agent, register):
    complaint = register()
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    card(page, complaint).drag_to(column(page, "verification"))

    expect(column(page, "verification").locator(".board-card")).to_have_count(1)
    expect(card(page, complaint)).to_have_attribute("data-stage", "verification")
    expect(page.locator("#board-toast")).to_contain_text("moved to “Verification”")
    expect(column(page, "verification").locator("[data-count]")).to_have_text("1")
    expect(column(page, "new").locator("[data-count]")).to_have_text("0")
    complaint.refresh_from_db()
    assert complaint.stage == "verification"
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).count() == 1


def test_dragging_a_card_to_a_forbidden_stage_snaps_back_with_the_reason(
    open_page, agent, register
):
    complaint = register()
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    card(page, complaint).drag_to(column(page, "closed"))

    expect(page.locator("#board-toast")).to_contain_text(
        "A complaint in “New” cannot move to “Closed”."
    )
    expect(column(page, "new").locator(".board-card")).to_have_count(1)
    expect(card(page, complaint)).to_have_attribute("data-stage", "new")
    assert Complaint.objects.get(pk=complaint.pk).stage == "new"


def test_a_move_that_needs_a_reason_asks_for_it(open_page, agent, register):
    complaint = register()
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    card(page, complaint).drag_to(column(page, "rejected"))

    dialog = page.locator("#move-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("input[value=rejected]")).to_be_checked()
    dialog.locator("#move-reason").fill("Bought more than two years ago")
    dialog.locator("#move-submit").click()

    expect(card(page, complaint)).to_have_attribute("data-stage", "rejected")
    entry = Complaint.objects.get(pk=complaint.pk).timeline.get(
        kind=TimelineEntry.Kind.STAGE_CHANGED
    )
    assert entry.text == "Bought more than two years ago"


def test_cards_move_with_the_keyboard(open_page, agent, register):
    complaint = register()
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    card(page, complaint).focus()
    page.keyboard.press("m")
    dialog = page.locator("#move-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("input[name=move-target]")).to_have_count(2)
    page.keyboard.press("Tab")  # past the first choice, Verification, which is focused
    dialog.locator("input[value=verification]").check()
    dialog.locator("#move-submit").press("Enter")

    expect(card(page, complaint)).to_have_attribute("data-stage", "verification")
    expect(card(page, complaint)).to_be_focused()


def test_a_long_column_loads_more_cards(open_page, agent, register, now):
    from datetime import timedelta

    for n in range(25):
        register(received_at=now - timedelta(minutes=n), submission_key=f"k{n}")
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    cards = column(page, "new").locator(".board-card")
    expect(cards).to_have_count(20)
    column(page, "new").get_by_role("button", name="Show more").click()
    expect(cards).to_have_count(25)
    expect(column(page, "new").get_by_role("button", name="Show more")).to_have_count(0)


def test_dragging_to_decision_with_an_open_checklist_snaps_back(
    open_page, shipped_checklist, agent, register, now
):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    card(page, complaint).drag_to(column(page, "decision"))

    expect(page.locator("#board-toast")).to_contain_text(
        "Complete the verification checklist before moving to “Decision”: 5 of 5 points are open."
    )
    expect(card(page, complaint)).to_have_attribute("data-stage", "verification")
    expect(column(page, "verification").locator(".board-card")).to_have_count(1)
    assert Complaint.objects.get(pk=complaint.pk).stage == "verification"


def test_a_complaint_goes_from_new_to_closed_with_a_decision_and_a_refund(
    open_page, shipped_checklist, agent, register
):
    complaint = register()
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    card(page, complaint).drag_to(column(page, "verification"))
    expect(card(page, complaint)).to_have_attribute("data-stage", "verification")

    # Verification: every point of the checklist ticked on the complaint's page (htmx).
    page.goto(f"/desk/complaints/{complaint.reference}/")
    checklist = page.locator("#checklist")
    expect(checklist.locator("#checklist-progress")).to_have_text("0 of 5")
    for done in range(1, 6):
        checklist.locator("button.check-item[aria-pressed=false]").first.click()
        expect(page.locator("#checklist-progress")).to_have_text(f"{done} of 5")
    expect(page.locator("#checklist")).to_contain_text("Every point is checked.")

    page.goto("/desk/board/")
    card(page, complaint).drag_to(column(page, "decision"))
    expect(card(page, complaint)).to_have_attribute("data-stage", "decision")

    # Resolution is reached by deciding: the drop opens the decision form.
    card(page, complaint).drag_to(column(page, "resolution"))
    expect(page).to_have_url(re.compile(r"/decide/\?outcome=accepted$"))
    expect(page.locator("input[name=outcome][value=accepted]")).to_be_checked()
    page.locator("#id_justification").fill("The heating element is faulty.")
    page.locator("#id_remedy").select_option("refund")
    page.locator("#id_amount").fill("249.99")
    page.locator("#id_currency").fill("PLN")
    page.locator("#record-decision").click()
    expect(page.locator(".timeline")).to_contain_text("Decision: accepted · Refund · 249.99 PLN")

    # Closing waits for the refund to be paid.
    page.goto("/desk/board/")
    card(page, complaint).drag_to(column(page, "closed"))
    expect(page.locator("#board-toast")).to_contain_text(
        "Finish the resolution before moving to “Closed”: “Refund of 249.99 PLN paid” is not done."
    )
    expect(card(page, complaint)).to_have_attribute("data-stage", "resolution")

    page.goto(f"/desk/complaints/{complaint.reference}/")
    resolution = page.locator("#resolution")
    expect(resolution).to_contain_text("Refund of 249.99 PLN paid")
    resolution.get_by_role("button", name="Mark done").click()
    expect(page.locator(".messages")).to_contain_text("Marked done: Refund of 249.99 PLN paid")
    expect(page.locator("#resolution-progress")).to_have_text("1 of 1 done")

    page.goto("/desk/board/")
    card(page, complaint).drag_to(column(page, "closed"))
    expect(card(page, complaint)).to_have_attribute("data-stage", "closed")

    complaint.refresh_from_db()
    assert complaint.stage == "closed"
    moves = complaint.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert [entry.data["target"] for entry in moves] == [
        "verification",
        "decision",
        "resolution",
        "closed",
    ]
    assert complaint.decisions.get().amount == Decimal("249.99")
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.CHECKLIST).count() == 5
    paid = complaint.timeline.filter(kind=TimelineEntry.Kind.ACTION, data__change="done").get()
    assert paid.is_public and paid.text == "Refund of 249.99 PLN paid"


def test_asking_the_customer_from_the_complaint_page(open_page, agent, register, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    page = open_page()
    sign_in(page, agent)
    page.goto(f"/desk/complaints/{complaint.reference}/")

    page.locator("#ask-submit").click()
    expect(page.locator("#question-error")).to_contain_text("Write what the customer should")
    page.locator("#id_question").fill("Please send a photo of the receipt.")
    page.locator("#ask-submit").click()

    expect(page.locator(".messages")).to_contain_text("waits for the customer")
    expect(page.locator(".timeline")).to_contain_text("Asked the customer")
    expect(page.locator(".timeline")).to_contain_text("Please send a photo of the receipt.")
    expect(page.locator("#ask-customer")).to_have_count(0)
    complaint.refresh_from_db()
    assert complaint.stage == "waiting_customer"
