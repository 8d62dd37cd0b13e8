"""PO-3: the branding settings page, and the public pages wearing the branding."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branding.models import Branding
from branding.views import ink_for
from conftest import PASSWORD, jpeg_bytes, png_bytes

URL = reverse("desk:branding_settings")
VALID = {
    "company_name": "Kettle & Co",
    "accent_colour": "#0F766E",
    "portal_enabled": "on",
    "portal_intro": "Welcome to our complaints desk.",
    "footer_text": "Kettle & Co Ltd, registered in Warsaw.",
    "contact_email": "help@kettle.example",
    "contact_phone": "+48 22 123 45 67",
    "address": "ul. Prosta 1\n00-001 Warszawa",
    "website": "https://kettle.example",
}


@pytest.fixture
def admin_client(client, admin_user):
    client.login(username=admin_user.username, password=PASSWORD)
    return client


def save(client, **changes):
    return client.post(URL, {**VALID, **changes})


def test_an_admin_saves_the_branding_and_the_public_pages_wear_it(admin_client, client):
    logo = SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png")
    response = save(admin_client, logo=logo)
    assert response.status_code == 302

    branding = Branding.current()
    assert (branding.pk, branding.company_name, branding.accent_colour) == (
        1,
        "Kettle & Co",
        "#0f766e",
    )
    html = client.get(reverse("intake:new_complaint")).content.decode()
    assert "Kettle &amp; Co" in html
    assert reverse("branding:logo") in html
    assert "help@kettle.example" in html and "+48 22 123 45 67" in html
    assert "ul. Prosta 1<br>00-001 Warszawa" in html
    assert "Kettle &amp; Co Ltd, registered in Warsaw." in html
    assert 'style="' not in html  # the CSP allows no inline styles
    assert f"/branding.css?v={int(branding.updated_at.timestamp())}" in html


def test_the_accent_colour_arrives_as_a_stylesheet(client, db):
    Branding.objects.create(pk=1, accent_colour="#0f766e")

    response = client.get(reverse("branding:stylesheet"))

    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--brand: #0f766e;" in css
    assert "--brand-ink: #ffffff;" in css


def test_a_light_accent_colour_gets_dark_button_text():
    assert ink_for("#fde047") == "#111111"
    assert ink_for("#1d4ed8") == "#ffffff"


def test_a_colour_slipped_into_the_database_never_reaches_the_stylesheet(client, db):
    Branding.objects.create(pk=1, accent_colour="red;}*{")

    css = client.get(reverse("branding:stylesheet")).content.decode()
    assert "red" not in css
    assert "--brand: #1d4ed8;" in css


def test_the_logo_is_served_as_the_image_its_bytes_are(admin_client, client):
    save(admin_client, logo=SimpleUploadedFile("logo.jpg", jpeg_bytes(), content_type="image/jpeg"))

    response = client.get(reverse("branding:logo"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


def test_a_replaced_logo_leaves_no_file_behind(admin_client, settings):
    save(admin_client, logo=SimpleUploadedFile("one.png", png_bytes(), content_type="image/png"))
    first = Branding.current().logo.name
    save(admin_client, logo=SimpleUploadedFile("two.jpg", jpeg_bytes(), content_type="image/jpeg"))

    second = Branding.current().logo
    assert second.name != first
    assert not second.storage.exists(first)
    assert second.storage.exists(second.name)

    save(admin_client, remove_logo="on")
    assert not Branding.current().logo
    assert not second.storage.exists(second.name)


def test_no_logo_is_a_404(client, db):
    assert client.get(reverse("branding:logo")).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"accent_colour": "blue"}, "accent_colour", "Enter a colour as # and six hexadecimal"),
        ({"accent_colour": "#12345"}, "accent_colour", "Enter a colour as # and six hexadecimal"),
        ({"accent_colour": "#12345g"}, "accent_colour", "Enter a colour as # and six hexadecimal"),
        ({"company_name": "   "}, "company_name", "This field is required."),
        ({"contact_email": "help-at-shop"}, "contact_email", "Enter a valid email address."),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL."),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(admin_client, changes, field, message):
    response = save(admin_client, **changes)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Branding.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),  # an .exe named .png
        ("logo.png", b"<html><script>alert(1)</script></html>"),
        ("logo.pdf", b"%PDF-1.4\n%%EOF\n"),
    ],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused(admin_client, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = save(admin_client, logo=upload)

    assert response.status_code == 400
    assert "The logo must be a PNG or JPEG image" in " ".join(
        response.context["form"].errors["logo"]
    )


def test_a_damaged_image_is_refused(admin_client):
    broken = png_bytes()[:40]
    response = save(admin_client, logo=SimpleUploadedFile("logo.png", broken))

    assert response.status_code == 400
    assert "cannot be read" in " ".join(response.context["form"].errors["logo"])


def test_only_admins_reach_the_branding_page(client, agent, manager):
    for user in (agent, manager):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(URL).status_code == 302
        assert client.post(URL, VALID).status_code == 302
    assert not Branding.objects.exists()


def test_the_settings_navigation_links_the_branding_page(admin_client):
    html = admin_client.get(reverse("desk:process_settings")).content.decode()
    assert 'id="branding-settings"' in html


def test_switching_the_portal_off_closes_the_customer_pages(admin_client, client):
    save(admin_client, portal_enabled="")

    assert Branding.current().portal_enabled is False
    response = client.get(reverse("customer_access:sign_in"))
    assert response.status_code == 503
    assert "help@kettle.example" in response.content.decode()
    # The complaint form stays open.
    assert client.get(reverse("intake:new_complaint")).status_code == 200
