# ruff: noqa: RUF001 -- the Greek text is the point of this test.
"""CO-1 in a real browser: an admin switches a rule off and edits a Greek text with a
preview, on a phone."""

import pytest
from playwright.sync_api import expect

from notifications.models import NotificationRule, NotificationTemplate
from notifications.rules import ensure_default_rules
from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


def test_admin_edits_a_notification_text_with_a_preview(open_page, admin_user):
    # The migration ships them; the flush after an earlier live-server test empties the table.
    ensure_default_rules()
    page = open_page(viewport=PHONE)
    sign_in(page, admin_user)
    page.goto("/desk/settings/notifications/")

    row = page.locator("#rule-closed-sms")
    row.get_by_role("button", name="Switch on").click()
    expect(page.locator("#rule-closed-sms")).to_contain_text("Switch off")
    assert NotificationRule.objects.get(event="closed", channel="sms").enabled

    page.locator("#rule-closed-email").get_by_role("link", name="Ελληνικά").click()
    page.locator("#id_body").fill("Γεια σας {customer_name}! {reference} {tracking}")
    page.locator("#save").click()
    expect(page.locator(".field.has-error")).to_contain_text("Unknown placeholder {tracking}")

    page.locator("#id_body").fill("Γεια σας {customer_name}! Το παράπονο {reference} έκλεισε.")
    page.locator("#preview").click()
    expect(page.locator("#template-preview")).to_contain_text(
        "Γεια σας Anna Kowalska! Το παράπονο RK-2026-000123 έκλεισε."
    )
    page.locator("#save").click()
    expect(page.locator("#notification-rules")).to_be_visible()
    template = NotificationTemplate.objects.get(
        rule__event="closed", rule__channel="email", language="el"
    )
    assert template.body == "Γεια σας {customer_name}! Το παράπονο {reference} έκλεισε."
