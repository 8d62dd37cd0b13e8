"""PO-1 in a real browser, on a phone: the customer follows the tracking link, sees the stage
and when to expect a decision, adds a photo and accepts the decision."""

import io

import pytest
from django.utils import formats, timezone
from PIL import Image
from playwright.sync_api import expect

from complaints.ownership import take_complaint
from deadlines.models import ComplaintClock
from portal.models import DecisionAnswer
from tests.browser.conftest import PHONE, image_width
from workflow.decisions import record_decision
from workflow.transitions import move_complaint

pytestmark = pytest.mark.browser


def photo_file(tmp_path):
    path = tmp_path / "broken-lid.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (180, 60, 40)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_customer_follows_the_link_adds_a_photo_and_accepts_the_decision(
    open_page, register, agent, verify, tmp_path, shipped_checklist
):
    now = timezone.now()
    complaint = register(received_at=now)
    take_complaint(complaint, agent=agent, now=now)
    clock = ComplaintClock.objects.get(complaint=complaint)
    expected = min(due for due in (clock.legal_due, clock.resolution_due) if due)
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True)

    page.goto(f"/track/{complaint.tracking_token}/")

    expect(page.locator("#status")).to_have_text("We have received your complaint.")
    expect(page.locator("#expected")).to_contain_text(
        formats.date_format(timezone.localtime(expected), "DATE_FORMAT")
    )
    page.get_by_label("Your message").fill("Here is the lid.")
    page.get_by_label("Photos or documents").set_input_files(photo_file(tmp_path))
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#message-sent")).to_be_visible()
    expect(page.locator("#files")).to_contain_text("broken-lid.jpg")
    thumbnail = page.locator("#files img")
    expect(thumbnail).to_be_visible()
    assert image_width(thumbnail) > 0
    expect(page.locator("#timeline")).to_contain_text("Here is the lid.")
    no_sideways_scroll = page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert no_sideways_scroll

    move_complaint(complaint, to="verification", by=agent, now=now)
    verify(complaint, by=agent)
    move_complaint(complaint, to="decision", by=agent, now=now)
    record_decision(
        complaint,
        outcome="accepted",
        justification="The hinge is faulty; we repair it or replace the kettle.",
        remedy="repair",
        offered_remedies=["repair", "replacement"],
        by=agent,
        now=now,
        notify_customer=False,
    )
    page.reload()
    expect(page.locator("#status")).to_have_text(
        "We have decided on your complaint and are putting it right."
    )
    expect(page.locator("#decision")).to_contain_text("Your complaint is accepted.")
    page.get_by_role("radio", name="Replacement").check()
    page.get_by_role("button", name="Accept with this remedy").click()

    expect(page.locator("#your-answer")).to_contain_text("You chose “Replacement”")
    expect(page.get_by_role("button", name="Accept with this remedy")).to_have_count(0)
    answer = DecisionAnswer.objects.get()
    assert (answer.answer, answer.remedy) == ("chose_remedy", "replacement")
