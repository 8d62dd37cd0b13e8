"""WF-9 in a real browser: merge a duplicate into another complaint through the
confirmation page, then read the survivor's timeline."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from complaints.customers import Contact
from complaints.notes import add_note
from conftest import photo
from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser

SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


def test_agent_merges_a_duplicate_and_finds_its_history_on_the_survivor(
    open_page, agent, register, now
):
    survivor = register(description="The kettle lid does not close.")
    duplicate = register(
        contact=Contact(name="Cecilia Customer", email="cecilia@example.com"),
        description="Second e-mail about the same kettle.",
        uploads=[photo("kettle-lid.jpg")],
    )
    add_note(
        duplicate, text="Called back, same kettle as before.", is_public=False, by=agent, now=now
    )
    page = open_page()
    sign_in(page, agent)

    page.goto(f"/desk/complaints/{duplicate.reference}/")
    related = page.locator("#related")
    related.locator("#id_merge_reference").fill(survivor.reference)
    related.locator("#merge").click()

    expect(page.locator("h1")).to_contain_text(f"Merge {duplicate.reference}")
    expect(page.locator(".merge-pair .card")).to_have_count(2)
    expect(page.locator(".merge-pair")).to_contain_text(survivor.reference)
    expect(page.locator("#customers-differ")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "merge-confirmation.png", full_page=True)
    page.locator("#confirm-merge").click()

    banner = page.locator("#merged-banner")
    expect(banner).to_contain_text(f"Merged into {survivor.reference} on")
    expect(banner).to_contain_text(f"by {agent}")
    expect(page.locator(".messages")).to_contain_text(
        f"{duplicate.reference} was merged into {survivor.reference}."
    )
    page.screenshot(path=SCREENSHOTS / "merged-duplicate.png", full_page=True)

    banner.get_by_role("link", name=survivor.reference).click()

    expect(page.locator("h1")).to_have_text(survivor.reference)
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text(f"{duplicate.reference} merged into this complaint")
    moved_note = timeline.locator("li", has_text="Called back, same kettle as before.")
    expect(moved_note).to_contain_text(f"from {duplicate.reference}")
    expect(page.locator("#attachments")).to_contain_text("kettle-lid.jpg")
    expect(page.locator("#related")).to_contain_text(duplicate.reference)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "merge-survivor-phone.png", full_page=True)
