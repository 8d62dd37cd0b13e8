import re

import pytest
from django.test import Client
from django.urls import reverse

from complaints.models import Complaint
from conftest import photo, receipt
from notifications.models import OutboundEmail

URL = "/complaints/new/"


def form_data(**overrides):
    data = {
        "name": "Cecilia Customer",
        "email": "cecilia@example.com",
        "phone": "",
        "product": "Espresso machine",
        "order_number": "ORD-1",
        "purchase_date": "2026-01-10",
        "description": "It leaks water.",
        "requested_remedy": "repair",
        "consent": "on",
        "submission_key": "key-1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def customer_client(db):
    return Client()


def test_form_is_at_a_plain_link_with_every_field(customer_client):
    response = customer_client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    for field in (
        "name",
        "email",
        "phone",
        "product",
        "order_number",
        "purchase_date",
        "description",
        "requested_remedy",
        "attachments",
        "consent",
    ):
        assert f'name="{field}"' in html
    assert 'name="submission_key"' in html
    assert 'class="public-header"' in html


def test_submission_registers_and_confirms_with_reference_and_tracking_link(
    customer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = customer_client.post(
            URL, form_data(attachments=[photo(), receipt()]), follow=True
        )

    complaint = Complaint.objects.get()
    assert response.status_code == 200
    html = response.content.decode()
    assert complaint.reference in html
    assert re.fullmatch(r"RK-\d{4}-\d{6}", complaint.reference)
    assert f"/track/{complaint.tracking_token}/" in html
    assert complaint.attachments.count() == 2
    assert complaint.channel == "web_form"
    assert complaint.language == "en"
    assert OutboundEmail.objects.get().to == "cecilia@example.com"


def test_errors_are_shown_next_to_fields_and_typed_values_are_kept(customer_client):
    response = customer_client.post(
        URL, form_data(email="", phone="", description="", product="Kettle X")
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert "email" in form.errors
    assert "description" in form.errors
    html = response.content.decode()
    assert 'value="Kettle X"' in html
    assert 'value="Cecilia Customer"' in html
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"purchase_date": "2999-01-01"}, "purchase_date"),
        ({"purchase_date": "31/31/2026"}, "purchase_date"),
        ({"requested_remedy": "a pony"}, "requested_remedy"),
        ({"consent": ""}, "consent"),
        ({"description": "x" * 20_001}, "description"),
        ({"name": ""}, "name"),
    ],
)
def test_malformed_fields_get_a_message_each(customer_client, overrides, field):
    response = customer_client.post(URL, form_data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Complaint.objects.count() == 0


def test_phone_alone_is_enough(customer_client):
    response = customer_client.post(URL, form_data(email="", phone="+48 601 234 567"))

    assert response.status_code == 302
    assert Complaint.objects.get().customer.phone == "+48601234567"


def test_html_is_stored_as_text_and_shown_escaped(customer_client, agent):
    script = "<script>alert('x')</script>"
    customer_client.post(URL, form_data(name=script, description=script, product=script))

    complaint = Complaint.objects.get()
    assert complaint.description == script
    customer_client.force_login(agent)
    html = customer_client.get(
        reverse("desk:complaint_detail", args=[complaint.reference])
    ).content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_refused_attachment_is_named_and_nothing_is_stored(customer_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    evil = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = customer_client.post(URL, form_data(attachments=[photo(), evil]))

    assert response.status_code == 400
    assert "invoice.pdf" in str(response.context["form"].errors["attachments"])
    assert "choose your files again" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_eleven_attachments_are_too_many(customer_client):
    response = customer_client.post(
        URL, form_data(attachments=[photo(f"{n}.jpg") for n in range(11)])
    )

    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors


def test_posting_the_same_form_twice_creates_one_complaint(customer_client):
    first = customer_client.post(URL, form_data())
    second = customer_client.post(URL, form_data())

    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_csrf_is_enforced(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(URL, form_data())

    assert response.status_code == 403
    assert Complaint.objects.count() == 0


def test_flood_from_one_address_is_stopped_with_a_clear_message(customer_client, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    for number in range(2):
        assert customer_client.post(URL, form_data(submission_key=f"k{number}")).status_code == 302

    response = customer_client.post(URL, form_data(submission_key="k3"))

    assert response.status_code == 429
    assert "too many complaints" in response.content.decode()
    assert 'value="Cecilia Customer"' in response.content.decode()
    assert Complaint.objects.count() == 2
    other_address = customer_client.post(
        URL, form_data(submission_key="k4"), REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 302


def test_language_follows_the_browser(customer_client):
    response = customer_client.get(URL, headers={"accept-language": "pl,en;q=0.5"})

    assert response.headers["Content-Language"] == "pl"
    assert '<html lang="pl">' in response.content.decode()


def test_language_can_be_switched_on_the_page_and_is_kept_for_the_complaint(customer_client):
    page = customer_client.get(URL + "?lang=pl", headers={"accept-language": "en"})
    assert page.headers["Content-Language"] == "pl"
    assert 'name="lang" value="pl"' in page.content.decode()

    response = customer_client.post(URL, form_data(lang="pl"))

    assert Complaint.objects.get().language == "pl"
    assert "lang=pl" in response["Location"]


def test_embedded_variant_has_no_page_chrome_and_may_be_framed(customer_client, settings):
    settings.EMBED_ALLOWED_ORIGINS = ["https://shop.example.com"]

    response = customer_client.get(URL + "?embed=1")

    html = response.content.decode()
    assert 'class="public-header"' not in html
    assert 'name="embed" value="1"' in html
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors https://shop.example.com" in response.headers["Content-Security-Policy"]


def test_embedded_submission_stays_embedded(customer_client):
    response = customer_client.post(URL + "?embed=1", form_data(embed="1"), follow=True)

    assert "embed=1" in response.redirect_chain[0][0]
    assert 'class="public-header"' not in response.content.decode()


def test_standalone_page_refuses_to_be_framed_elsewhere(customer_client):
    response = customer_client.get(reverse("desk:complaint_list"))

    assert response.headers["X-Frame-Options"] == "DENY"


def test_confirmation_page_shows_no_staff_data(customer_client, register, agent, now):
    from complaints.ownership import take_complaint

    complaint = register()
    take_complaint(complaint, agent=agent, now=now)

    html = customer_client.get(
        reverse("intake:submitted", args=[complaint.tracking_token])
    ).content.decode()

    assert complaint.reference in html
    assert agent.username not in html
    assert "Agnes" not in html


def test_with_the_portal_off_the_confirmation_offers_no_tracking_link(customer_client, register):
    from branding.models import Branding

    complaint = register()
    Branding.objects.create(portal_enabled=False)

    html = customer_client.get(
        reverse("intake:submitted", args=[complaint.tracking_token])
    ).content.decode()

    assert complaint.reference in html
    assert f"/track/{complaint.tracking_token}/" not in html


def test_plain_form_page_cannot_be_framed(customer_client):
    response = customer_client.get(URL)

    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
