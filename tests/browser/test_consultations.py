"""Expert opinions in a real browser (WF-6): a manager asks, the expert answers."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import TimelineEntry
from conftest import PASSWORD
from consultations.models import OpinionRequest
from tests.browser.conftest import PHONE, sign_in
from workflow.transitions import move_complaint

pytestmark = pytest.mark.browser


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_manager_asks_the_expert_who_answers_on_the_timeline(
    open_page, manager, specialist, register, now
):
    complaint = register(product="Espresso machine Barista Pro")
    move_complaint(complaint, to="verification", by=manager, now=now)
    page = open_page()
    sign_in(page, manager)

    page.goto(f"/desk/complaints/{complaint.reference}/")
    card = page.locator("#opinions")
    expect(card).to_contain_text("No expert has been asked")
    card.get_by_text("Ask a specialist or a department").click()  # the form is folded away
    card.get_by_label("Ask a person").select_option(label="Sven · Specialist")
    card.get_by_label("Question").fill("Is the pump faulty from the factory?")
    due = card.get_by_label("Answer due")
    expect(due).not_to_have_value("")  # five days ahead unless changed
    card.locator("#ask-opinion").click()

    expect(page.locator(".messages")).to_contain_text("Asked Sven")
    expect(page.locator(".messages")).to_contain_text("moved to “Waiting for specialist”")
    expect(card.locator(".opinion")).to_contain_text("Is the pump faulty from the factory?")
    expect(card.locator(".badge.opinion-open")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Customer told an expert is involved")
    sign_out(page)

    # The expert signs in and lands on what they are consulted on, here on a phone.
    page.set_viewport_size(PHONE)
    page.locator("#id_username").fill(specialist.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/desk/consultations/$"))
    row = page.locator("#consultations tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Is the pump faulty from the factory?")
    row.get_by_role("link", name=complaint.reference).click()

    expect(page.locator("#take")).to_have_count(0)
    expect(page.locator("#ask-opinion")).to_have_count(0)
    page.locator("#opinions").get_by_label("Your opinion").fill(
        "Yes: the pump's seal is misaligned at the factory. Replace the machine."
    )
    page.locator("#opinions").get_by_role("button", name="Send answer").click()

    expect(page.locator(".messages")).to_contain_text("your opinion is on the timeline")
    timeline = page.locator("#timeline")
    expect(timeline.locator(".kind-opinion_given")).to_contain_text("the pump's seal is misaligned")
    expect(page.locator("#opinions .badge.opinion-answered")).to_be_visible()
    page.get_by_role("link", name="Consulted on").click()
    expect(page.locator("#no-consultations")).to_be_visible()

    opinion = OpinionRequest.objects.get()
    assert opinion.answered_by == specialist
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.OPINION_GIVEN).count() == 1
