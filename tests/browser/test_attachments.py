"""DO-3 in a real browser: an agent adds an "after" photo on the complaint page and sees it,
with its thumbnail, in the attachments card."""

import pytest
from playwright.sync_api import expect

from complaints.ownership import take_complaint
from conftest import jpeg_bytes, photo
from tests.browser.conftest import image_width, sign_in

pytestmark = pytest.mark.browser


def test_agent_adds_an_after_photo_and_sees_it_in_the_card(page, agent, register, now, tmp_path):
    complaint = register(uploads=[photo("before.jpg")])
    take_complaint(complaint, agent=agent, now=now)
    repaired = tmp_path / "naprawiony czajnik.jpg"
    repaired.write_bytes(jpeg_bytes((120, 90), color=(20, 160, 60)))
    sign_in(page, agent)
    page.goto(f"/desk/complaints/{complaint.reference}/")

    page.locator("#attachments summary", has_text="Add files").click()
    page.locator("#id_files").set_input_files(str(repaired))
    page.locator("#id_role").select_option(label="After (the remedy)")
    page.locator("#attachment-upload").click()

    expect(page.locator(".messages, [role=status], .notice").first).to_contain_text("1 file added")
    item = page.locator(".attachment-item", has_text="naprawiony czajnik.jpg")
    expect(item).to_contain_text("After (the remedy)")
    expect(item).to_contain_text("Agnes")
    expect(item.locator("img")).to_have_js_property("complete", True)
    assert image_width(item.locator("img")) > 0
    expect(page.locator("#timeline")).to_contain_text("File added on the desk")
    assert complaint.attachments.get(original_name="naprawiony czajnik.jpg").role == "after"
