"""The kanban board in a real browser: drag and drop, refusals, the keyboard dialog."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint, TimelineEntry
from tests.browser.conftest import sign_in

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


def test_a_complaint_goes_from_new_to_closed_with_a_decision_and_a_refund(
    open_page, agent, register
):
    complaint = register()
    page = open_page(viewport=WIDE)
    sign_in(page, agent)
    page.goto("/desk/board/")

    for stage in ("verification", "decision"):
        card(page, complaint).drag_to(column(page, stage))
        expect(card(page, complaint)).to_have_attribute("data-stage", stage)

    # Resolution is reached by deciding: the drop opens the decision form.
    card(page, complaint).drag_to(column(page, "resolution"))
    expect(page).to_have_url(re.compile(r"/decide/\?outcome=accepted$"))
    expect(page.locator("input[name=outcome][value=accepted]")).to_be_checked()
    page.locator("#id_justification").fill("The heating element is faulty.")
    page.locator("#id_remedy").select_option("refund")
    page.locator("#id_amount").fill("249.99")
    page.locator("#id_currency").fill("PLN")
    page.locator("#record-decision").click()
    expect(page.locator(".timeline")).to_contain_text("Decision: accepted · Refund 249.99 PLN")

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
