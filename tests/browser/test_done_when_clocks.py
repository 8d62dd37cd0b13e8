"""Issue 5's "done when", on the demo company as a new user meets it: a complaint about to
breach its service level (amber), one breached (red), one deemed accepted under the Polish
14-day rule, the warning e-mails, and a new web-form complaint routed to the
Polish-speaking agent who handles its category."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Complaint
from reklamo.demo_data import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def showcase(product):
    return Complaint.objects.get(product=product)


def test_a_new_user_sees_the_clocks_gets_the_warnings_and_watches_routing(
    open_page, shipped_checklist, smtp_server
):
    seed_demo(now=timezone.now())
    User = get_user_model()
    manager, anna = User.objects.get(username="manager"), User.objects.get(username="agent")
    amber = showcase("Dishwasher CleanMax 45")
    red = showcase("Smartwatch Pulse 3")
    deemed = showcase("Coffee grinder Mielnik 2")

    # The worker sends what the checker queued: the warnings reach a real SMTP server.
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    sent = {
        (message["To"], message["Subject"].split("]")[0] + "]") for message in smtp_server.messages
    }
    assert (anna.email, f"[{amber.reference}]") in sent
    assert (manager.email, f"[{red.reference}]") in sent
    deemed_mail = [
        message
        for message in smtp_server.messages
        if message["To"] == manager.email and "Deemed accepted" in message["Subject"]
    ]
    assert len(deemed_mail) == 1
    assert deemed.reference in deemed_mail[0]["Subject"]

    # The manager's desk: due soonest, coloured; the warnings listed.
    page = open_page(viewport={"width": 1600, "height": 1000})
    sign_in(page, manager, password=DEMO_PASSWORD)
    expect(page.locator("#unread-warnings")).to_be_visible()
    page.goto("/desk/?sort=due")
    # Due soonest: the list opens with what breached first, in red.
    first_due = page.locator("table.list tbody tr").first.locator(".cell-due .due").first
    expect(first_due).to_have_class(re.compile(r"due-breached"))

    page.goto(f"/desk/complaints/{red.reference}/")
    expect(page.locator("#sla-clock .badge")).to_have_text("Breached")
    page.goto(f"/desk/complaints/{amber.reference}/")
    expect(page.locator("#sla-clock .badge")).to_have_text("At risk")
    page.goto(f"/desk/complaints/{deemed.reference}/")
    expect(page.locator("#deemed-accepted")).to_have_text("Deemed accepted")
    expect(page.locator("#legal-clock .badge").first).to_have_text("Deemed accepted")
    expect(page.locator("#timeline")).to_contain_text("the law treats the complaint as accepted")

    page.locator("#nav-warnings").click()
    expect(page.locator("main")).to_contain_text(f"Deemed accepted: {deemed.reference}")
    expect(page.locator("main")).to_contain_text(f"Service level breached: {red.reference}")

    # A customer writes in Polish about goods: routed to Anna, who speaks Polish and
    # handles goods (Piotr handles goods too, but speaks only English).
    customer = open_page(locale="pl-PL")
    customer.goto("/complaints/new/?lang=pl")
    customer.locator("#id_name").fill("Jan Kowalczyk")
    customer.locator("#id_email").fill("jan.kowalczyk@example.com")
    customer.locator("#id_category").select_option(label="Goods")
    customer.locator("#id_product").fill("Pralka WX-700")
    customer.get_by_label("Serial number").fill("WX700-2291-PL")
    customer.locator("#id_description").fill("Pralka przecieka od pierwszego prania.")
    customer.locator("#id_requested_remedy input[value=repair]").check()
    customer.locator("#id_consent").check()
    customer.locator("main form.card button[type=submit]").click()
    expect(customer.locator("#reference")).to_be_visible()
    reference = customer.locator("#reference").inner_text().strip()

    assert Complaint.objects.get(reference=reference).owner == anna
    page.goto(f"/desk/complaints/{reference}/")
    expect(page.locator("#owner")).to_contain_text("Anna Kowalska")
    expect(page.locator("#timeline")).to_contain_text("speaks Polish")
