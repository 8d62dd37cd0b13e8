"""CO-4 in a real browser: the customer answers the survey on a phone, with the keyboard."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import TimelineEntry
from surveys.answers import send_survey
from surveys.models import Survey
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


def test_customer_answers_the_survey_on_a_phone_with_the_keyboard(open_page, register):
    complaint = register()
    survey = send_survey(complaint, now=timezone.now())
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)

    page.goto(f"/survey/{survey.token}/")

    expect(page.locator("h1")).to_have_text("How did we do?")
    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways_scroll
    # Every control has a label a screen reader reads out.
    radios = page.get_by_role("radio")
    expect(radios).to_have_count(5)
    expect(page.get_by_role("radio", name="4 — Satisfied")).to_be_visible()
    # Keyboard only: into the group, arrow keys move the choice, tab on to the comment.
    page.get_by_role("radio", name="1 — Very dissatisfied").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="4 — Satisfied")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Anything you would like to tell us?")).to_be_focused()
    page.keyboard.type("Friendly and quick.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send my answer")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Thank you!")
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Friendly and quick.")
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.SURVEY_ANSWERED).count() == 1

    page.goto(f"/survey/{survey.token}/")
    expect(page.locator("#answered")).to_contain_text("one answer per complaint")
    assert Survey.objects.get(pk=survey.pk).score == 4


def test_a_missing_score_is_said_next_to_the_question(open_page, register):
    complaint = register()
    survey = send_survey(complaint, now=timezone.now())
    page = open_page(viewport=PHONE)

    page.goto(f"/survey/{survey.token}/")
    page.get_by_role("button", name="Send my answer").click()

    expect(page.locator(".field.has-error")).to_contain_text("Choose a score from 1 to 5.")
