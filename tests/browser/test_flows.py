"""The main flows in a real browser: a customer complains, staff pick the complaint up.

What the other tests cannot see: the page as a browser runs it, with its stylesheet, its
Content-Security-Policy, its htmx requests and its file inputs.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from playwright.sync_api import expect

from complaints.customers import Contact
from complaints.models import Channel, Complaint, Customer, Priority, Remedy
from complaints.ownership import take_complaint
from conftest import jpeg_bytes, photo
from tests.browser.conftest import DESKTOP, PHONE, image_width, sign_in

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"^RK-\d{4}-\d{6}$")
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"
CANVAS = "rgb(244, 246, 249)"  # --canvas in reklamo.css, the body's background


def field(page, widget_id):
    """The .field wrapper around a widget: its label, help text, errors and the widget."""
    return page.locator(".field", has=page.locator(f"#{widget_id}"))


def remedy(page, value):
    return page.locator(f"#id_requested_remedy input[value={value}]")


def submit(page):
    page.locator("main form.card button[type=submit]").click()


def unlabelled_controls(page):
    """Form controls a screen reader could not name: no <label> and no aria-label."""
    return page.evaluate("""() => [...document.querySelectorAll(
        "main input:not([type=hidden]), main select, main textarea"
    )].filter((control) => control.labels.length === 0 && !control.getAttribute("aria-label"))
      .map((control) => control.name || control.id)""")


def expect_stylesheet_applied(page):
    expect(page.locator("body")).to_have_css("background-color", CANVAS)


def test_customer_reports_a_problem_with_a_photo(page, tmp_path):
    picture = tmp_path / "kettle.jpg"
    picture.write_bytes(jpeg_bytes(size=(640, 480)))

    with page.expect_response(re.compile(r"/static/reklamo/reklamo\.css")) as stylesheet:
        page.goto("/complaints/new/")
    assert stylesheet.value.status == 200
    expect_stylesheet_applied(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    assert unlabelled_controls(page) == []

    page.locator("#id_name").fill("Cecilia Customer")
    page.locator("#id_email").fill("Cecilia@Example.com")
    page.locator("#id_product").fill("Kettle Steel 1.7 l")
    page.locator("#id_description").fill("The lid does not close since the first week.")
    remedy(page, Remedy.REFUND).check()
    page.locator("#id_attachments").set_input_files(picture)
    page.locator("#id_consent").check()
    submit(page)

    expect(page).to_have_url(re.compile(r"/complaints/submitted/[\w-]+/\?lang=en$"))
    reference = page.locator("#reference")
    expect(reference).to_have_text(REFERENCE)
    expect(page.locator("main")).to_contain_text("cecilia@example.com")

    complaint = Complaint.objects.select_related("customer").get(reference=reference.inner_text())
    assert complaint.channel == Channel.WEB_FORM
    assert complaint.customer.name == "Cecilia Customer"
    assert complaint.customer.email == "cecilia@example.com"
    assert complaint.product == "Kettle Steel 1.7 l"
    assert complaint.requested_remedy == Remedy.REFUND
    assert complaint.language == "en"
    assert complaint.consent_at is not None
    [attachment] = complaint.attachments.all()
    assert attachment.original_name == "kettle.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == picture.stat().st_size
    # The tracking link on the page is the complaint's own.
    expect(page.locator("a.tracking-link")).to_have_attribute(
        "href", re.compile(re.escape(complaint.tracking_token))
    )


def test_form_follows_the_browser_language_and_the_switch(open_page):
    page = open_page(locale="pl-PL")

    page.goto("/complaints/new/")

    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("input[name=lang]")).to_have_value("pl")
    expect(page.locator(".language-switch [aria-current]")).to_have_text("PL")

    page.locator(".language-switch").get_by_role("link", name="EN").click()

    expect(page).to_have_url(re.compile(r"/complaints/new/\?lang=en$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("input[name=lang]")).to_have_value("en")
    expect(page.locator(".language-switch [aria-current]")).to_have_text("EN")

    # And back: the choice travels in the URL, over the browser's Accept-Language.
    page.locator(".language-switch").get_by_role("link", name="PL").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_form_with_errors_explains_each_field_and_keeps_the_input(page):
    page.goto("/complaints/new/")
    page.locator("#id_name").fill("Cecilia Customer")
    page.locator("#id_product").fill("Kettle Steel 1.7 l")
    page.locator("#id_order_number").fill("ORD-1001")
    remedy(page, Remedy.REPLACEMENT).check()
    page.locator("#id_consent").check()

    with page.expect_response(re.compile(r"/complaints/new/")) as answer:
        submit(page)

    assert answer.value.status == 400
    expect(page.locator("#form-errors")).to_be_visible()
    for name in ["email", "description"]:
        wrapper = field(page, f"id_{name}")
        expect(wrapper).to_have_class(re.compile(r"\bhas-error\b"))
        message = wrapper.locator(".errorlist")
        expect(message).to_be_visible()
        expect(message).to_have_text(re.compile(r"\w"))
        expect(page.locator(f"#id_{name}")).to_have_attribute("aria-invalid", "true")
        # Screen readers read the message with the field.
        message_id = message.get_attribute("id")
        expect(page.locator(f"#id_{name}")).to_have_attribute(
            "aria-describedby", re.compile(rf"\b{message_id}\b")
        )
    expect(field(page, "id_description").locator(".errorlist")).to_have_text(
        "This field is required."
    )
    # Only the two fields in error are marked.
    expect(page.locator(".field.has-error")).to_have_count(2)

    expect(page.locator("#id_name")).to_have_value("Cecilia Customer")
    expect(page.locator("#id_product")).to_have_value("Kettle Steel 1.7 l")
    expect(page.locator("#id_order_number")).to_have_value("ORD-1001")
    expect(remedy(page, Remedy.REPLACEMENT)).to_be_checked()
    expect(page.locator("#id_consent")).to_be_checked()
    assert not Complaint.objects.exists()


def test_agent_finds_a_complaint_and_takes_it(page, agent, register):
    complaint = register()

    sign_in(page, agent)
    page.get_by_role("link", name=complaint.reference).click()

    expect(page).to_have_url(re.compile(rf"/desk/complaints/{complaint.reference}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(complaint.reference)
    expect(page.locator("#owner")).to_have_text("Shared queue")

    page.locator("#take").click()

    expect(page.locator("#owner")).to_have_text(str(agent))
    expect(page.locator("#take")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text(complaint.reference)
    taken = page.locator("ol.timeline li.kind-assigned")
    expect(taken).to_have_count(1)
    expect(taken.locator(".what")).to_contain_text(str(agent))
    expect(taken.locator(".when")).to_contain_text(str(agent))
    complaint.refresh_from_db()
    assert complaint.owner == agent


def test_desk_filters_update_the_list_without_reloading_the_page(page, manager, register, now):
    fresh = register(product="Kettle Steel 1.7 l")
    checked = register(
        contact=Contact(name="Dora Dishwasher", email="dora@example.com"),
        product="Dishwasher DW-45",
        received_at=now - timedelta(days=1),
    )
    Complaint.objects.filter(pk=checked.pk).update(stage="verification")

    sign_in(page, manager)
    results = page.locator("#results")
    expect(results.get_by_role("link", name=fresh.reference)).to_be_visible()
    expect(results.get_by_role("link", name=checked.reference)).to_be_visible()
    # A full page load would forget this.
    page.evaluate("window.reklamoStillThisPage = true")
    # htmx wires the filters once the page has loaded; on a busy machine that is later than
    # the table becoming visible.
    page.wait_for_load_state("load")

    with page.expect_request(re.compile(r"/desk/\?.*stage=verification")) as request:
        page.locator("#id_stage").select_option("verification")

    assert request.value.headers.get("hx-request") == "true"
    expect(page).to_have_url(re.compile(r"/desk/\?.*stage=verification"))
    expect(results.get_by_role("link", name=checked.reference)).to_be_visible()
    expect(results.get_by_role("link", name=fresh.reference)).to_have_count(0)
    assert page.evaluate("window.reklamoStillThisPage") is True

    page.locator("#id_stage").select_option("closed")
    expect(results.locator(".empty")).to_be_visible()
    expect(results.locator("table")).to_have_count(0)
    assert page.evaluate("window.reklamoStillThisPage") is True
    # The response is the whole #results block: it replaces the old one, not nests in it.
    expect(page.locator("#results")).to_have_count(1)


def test_staff_register_a_complaint_for_an_existing_customer(page, agent, register):
    earlier = register()
    customer = earlier.customer

    sign_in(page, agent)
    page.locator("header a[href='/desk/complaints/new/']").click()
    expect(page).to_have_url(re.compile(r"/desk/complaints/new/$"))

    page.locator("#id_email").fill("cecilia@exam")
    match = page.locator("#customer-matches .match")
    expect(match).to_have_count(1)
    expect(match).to_contain_text("Cecilia Customer")
    expect(match).to_contain_text(earlier.reference)

    match.get_by_role("button").click()

    expect(page.locator("#picked-customer")).to_contain_text("Cecilia Customer")
    expect(page.locator("#id_name")).to_have_value("Cecilia Customer")
    expect(page.locator("#id_email")).to_have_value("cecilia@example.com")
    expect(page.locator("input[name=customer]")).to_have_value(str(customer.pk))
    expect(page.locator("#customer-matches")).to_be_empty()
    assert unlabelled_controls(page) == []

    page.locator("#id_channel").select_option(Channel.PHONE)
    page.locator("#id_product").fill("Toaster T2")
    page.locator("#id_description").fill("Burns one side of the bread.")
    remedy(page, Remedy.REPAIR).check()
    page.locator("#id_priority").select_option(str(Priority.HIGH))
    page.locator("#id_consent").check()
    submit(page)

    expect(page).to_have_url(re.compile(r"/desk/complaints/RK-\d{4}-\d{6}/$"))
    reference = page.get_by_role("heading", level=1).inner_text()
    assert REFERENCE.match(reference)
    expect(page.get_by_role("status")).to_contain_text(reference)
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.customer == customer
    assert complaint.channel == Channel.PHONE
    assert complaint.created_by == agent
    assert complaint.priority == Priority.HIGH
    assert complaint.product == "Toaster T2"
    assert Customer.objects.count() == 1
    # The earlier complaint shows on the new one's customer panel.
    expect(page.get_by_role("link", name=earlier.reference)).to_be_visible()


def test_pages_break_no_content_security_policy_rule(open_page, manager, register):
    complaint = register(uploads=[photo()])
    page = open_page()

    visited = {}
    for path in [
        "/complaints/new/",
        f"/complaints/submitted/{complaint.tracking_token}/",
        "/complaints/new/?embed=1",
        "/accounts/login/",
    ]:
        visited[path] = page.goto(path).status
    sign_in(page, manager)
    for path in ["/desk/", "/desk/complaints/new/", f"/desk/complaints/{complaint.reference}/"]:
        visited[path] = page.goto(path).status
    # Run the htmx parts too: the customer search and a filter change.
    page.goto("/desk/complaints/new/")
    page.locator("#id_email").fill("cecilia@")
    expect(page.locator("#customer-matches .match")).to_have_count(1)
    page.goto("/desk/")
    page.locator("#id_stage").select_option("new")
    expect(page).to_have_url(re.compile(r"stage=new"))
    expect(page.locator("#results").get_by_role("link", name=complaint.reference)).to_be_visible()

    assert visited == dict.fromkeys(visited, 200)
    assert page.problems.csp == []
    assert page.problems.errors == []


def test_the_csp_check_catches_a_violation(open_page):
    """The check above would pass vacuously if the listener heard nothing; prove it hears."""
    page = open_page()
    page.goto("/complaints/new/")
    expect_stylesheet_applied(page)

    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("""() => {
            const style = document.createElement("style");
            style.textContent = "body { background: red; }";
            document.head.append(style);
        }""")

    expect_stylesheet_applied(page)  # the inline style was refused
    assert any("style-src" in message for message in page.problems.csp), page.problems.csp
    page.problems.csp.clear()  # expected here; the fixture fails on any left over


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots(open_page, size, agent, manager, register, now):
    """Full-page screenshots in var/screenshots/ for people to look at, at two widths."""
    device = {
        "desktop": {"viewport": DESKTOP},
        "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    }[size]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    kettle = register(
        uploads=[photo("lid.jpg", size=(800, 600)), photo("box.jpg", color=(40, 90, 200))],
        description="The lid does not close since the first week.\n\n"
        "I tried pressing it harder, the hinge is cracked. Photos attached.",
    )
    take_complaint(kettle, agent=agent, now=now + timedelta(hours=2))
    dishwasher = register(
        contact=Contact(
            name="Bartholomew Wiśniewski-Kowalczyk",
            email="bartholomew.wisniewski-kowalczyk@very-long-domain-example.com",
        ),
        product="Dishwasher DW-45 Silence Plus Integrated 60 cm, stainless steel, model 2025",
        requested_remedy=Remedy.REFUND,
        priority=Priority.URGENT,
        received_at=now - timedelta(days=3),
    )
    Complaint.objects.filter(pk=dishwasher.pk).update(stage="verification")
    register(
        channel=Channel.WALK_IN,
        contact=Contact(name="Zofia Nowak", phone="+48 601 234 567"),
        product="",
        registered_by=manager,
        received_at=now - timedelta(days=5),
    )

    page = open_page(**device)

    def shoot(name):
        expect_stylesheet_applied(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{size}.png", full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        return overflow

    overflows = {}
    page.goto("/complaints/new/")
    overflows["public-form"] = shoot("public-form")
    page.locator("#id_name").fill("Cecilia Customer")
    submit(page)
    expect(page.locator("#form-errors")).to_be_visible()
    overflows["public-form-errors"] = shoot("public-form-errors")
    page.goto(f"/complaints/submitted/{dishwasher.tracking_token}/")
    overflows["confirmation"] = shoot("confirmation")
    page.goto("/accounts/login/")
    overflows["login"] = shoot("login")
    sign_in(page, manager)
    overflows["desk-list"] = shoot("desk-list")
    page.goto(f"/desk/complaints/{kettle.reference}/")
    expect(page.locator(".attachment-preview img").first).to_be_visible()
    # Lazy images load when near the viewport, which on a phone they are not yet.
    for thumbnail in page.locator(".attachment-preview img").all():
        assert image_width(thumbnail) > 0, "a thumbnail did not load"
    overflows["desk-detail"] = shoot("desk-detail")
    page.goto("/desk/complaints/new/")
    page.locator("#id_email").fill("cecilia@")
    expect(page.locator("#customer-matches .match")).to_have_count(1)
    overflows["desk-new"] = shoot("desk-new")

    for name in overflows:
        assert (SCREENSHOTS / f"{name}-{size}.png").stat().st_size > 5_000
    # Nothing may make the page scroll sideways; wide tables scroll inside their box.
    assert {name: px for name, px in overflows.items() if px > 0} == {}
