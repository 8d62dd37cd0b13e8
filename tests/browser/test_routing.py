"""Routing (DL-4) in a real browser: an admin turns it on and describes an agent, a customer
writes in Polish through the public form, and the complaint lands with the Polish-speaking
agent, the rule written on its timeline."""

import re

import pytest
from playwright.sync_api import expect

from complaints.models import Category, Complaint
from routing.models import AgentProfile, Mode, RoutingSettings
from routing.rules import ensure_profiles
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_admin_turns_routing_on_and_a_polish_complaint_reaches_the_polish_agent(
    open_page, admin_user, agent, other_agent
):
    goods = Category.objects.create(name="Goods")
    Category.objects.create(name="Services")
    ensure_profiles()
    AgentProfile.objects.filter(user=other_agent).update(languages=["en"])

    admin = open_page()
    sign_in(admin, admin_user)
    admin.goto("/desk/settings/routing/")
    expect(admin.locator("#routing-settings")).to_have_attribute("aria-current", "page")
    admin.locator(f"#routing-agents a[href$='/agents/{agent.pk}/']").click()
    admin.locator(f"#id_categories input[value='{goods.pk}']").check()
    admin.locator("#id_languages input[value=pl]").check()
    admin.locator("#id_languages input[value=en]").check()
    admin.locator("#save-agent").click()
    expect(admin.locator("#agent-agnes")).to_contain_text("Goods")
    expect(admin.locator("#agent-agnes")).to_contain_text("Polish")

    admin.locator("#id_mode input[value=least_load]").check()
    admin.locator("#id_match_categories").check()
    admin.locator("#id_match_languages").check()
    admin.locator("#id_respect_presence").check()
    admin.locator("#save-routing").click()
    expect(admin.locator(".notice.success")).to_contain_text("Routing settings saved.")
    assert RoutingSettings.objects.get().mode == Mode.LEAST_LOAD

    customer = open_page(locale="pl-PL")
    customer.goto("/complaints/new/?lang=pl")
    customer.locator("#id_name").fill("Jan Kowalczyk")
    customer.locator("#id_email").fill("jan.kowalczyk@example.com")
    customer.locator("#id_category").select_option(label="Goods")
    customer.locator("#id_product").fill("Pralka WX-700")
    customer.locator("#id_description").fill("Pralka przecieka od pierwszego prania.")
    customer.locator("#id_requested_remedy input[value=repair]").check()
    customer.locator("#id_consent").check()
    customer.locator("main form.card button[type=submit]").click()
    expect(customer.locator("#reference")).to_be_visible()
    reference = customer.locator("#reference").inner_text().strip()

    complaint = Complaint.objects.get(reference=reference)
    assert complaint.language == "pl"
    admin.goto(f"/desk/complaints/{reference}/")
    expect(admin.locator("#owner")).to_have_text(re.compile(r"\s*Agnes\s*"))
    expect(admin.locator("#timeline")).to_contain_text("Routed to Agnes")
    expect(admin.locator("#timeline")).to_contain_text(
        "Routed by least open load (0 open): handles Goods, speaks Polish"
    )
