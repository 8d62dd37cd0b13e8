"""PO-2: passwordless sign-in by an e-mailed link, single use, expiring, stored hashed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.customers import Contact
from customer_access.models import SignInLink
from customer_access.signin import (
    InvalidLink,
    send_sign_in_link,
    token_hash,
    use_sign_in_link,
)
from notifications.models import OutboundEmail
from notifications.outbox import deliver_email

SIGN_IN = reverse("customer_access:sign_in")
MY = reverse("customer_access:my_complaints")
LINK = re.compile(r"https?://\S+/my/sign-in/([\w-]+)/")


def ask(client, email, **extra):
    return client.post(SIGN_IN, {"email": email}, **extra)


def link_in(body):
    return LINK.search(body).group(1)


def page_without(response, email):
    html = response.content.decode().replace(email, "")
    return re.sub(r'(nonce="|"X-CSRFToken": ")[^"]*"', "", html)


def sign_in_emails():
    return OutboundEmail.objects.filter(body__contains="/my/sign-in/")


def test_a_known_address_gets_a_link_and_an_unknown_one_the_same_page(client, register):
    register(contact=Contact(name="Cecilia Customer", email="cecilia@example.com"))

    known = ask(client, "Cecilia@Example.com")
    unknown = ask(client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 200
    for response in (known, unknown):
        assert "If we have complaints for" in response.content.decode()
    # The same page apart from the address it names.
    assert page_without(known, "Cecilia@Example.com") == page_without(unknown, "nobody@example.com")
    [email] = sign_in_emails()
    assert email.to == "cecilia@example.com"
    assert not SignInLink.objects.filter(email="nobody@example.com").exists()


def test_the_link_is_stored_only_as_a_hash(client, register):
    register()
    ask(client, "cecilia@example.com")

    token = link_in(sign_in_emails().get().body)
    link = SignInLink.objects.get()
    assert link.token_hash == token_hash(token)
    assert token not in link.token_hash


def test_the_mail_is_in_the_customers_language(client, register):
    register(language="pl")
    ask(client, "cecilia@example.com")

    email = sign_in_emails().get()
    assert email.language == "pl"
    assert "/my/sign-in/" in email.body


def test_opening_the_link_asks_first_and_the_button_signs_in(client, register):
    register()
    ask(client, "cecilia@example.com")
    url = reverse("customer_access:sign_in_link", args=[link_in(sign_in_emails().get().body)])

    # A mail scanner fetching the link uses nothing up.
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(MY).status_code == 302

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == f"{MY}?lang=en"
    assert "cecilia@example.com" in client.get(MY).content.decode()


def test_the_link_works_once(client, register):
    register()
    ask(client, "cecilia@example.com")
    url = reverse("customer_access:sign_in_link", args=[link_in(sign_in_emails().get().body)])
    client.post(url)

    other_browser = client.__class__()
    response = other_browser.post(url)
    assert response.status_code == 410
    assert "This link no longer works" in response.content.decode()
    assert other_browser.get(url).status_code == 410
    assert other_browser.get(MY).status_code == 302


def test_an_expired_link_signs_nobody_in(db, register, now):
    register()
    send_sign_in_link("cecilia@example.com", now=now)
    token = link_in(sign_in_emails().get().body)

    with pytest.raises(InvalidLink):
        use_sign_in_link(token, now=now + timedelta(minutes=31))
    assert use_sign_in_link(token, now=now + timedelta(minutes=29)) == "cecilia@example.com"


@pytest.mark.parametrize("token", ["tampered", "x" * 43, "%00", "a/b"])
def test_a_tampered_link_signs_nobody_in(client, register, token):
    register()
    ask(client, "cecilia@example.com")
    real = link_in(sign_in_emails().get().body)
    tampered = real[:-1] + ("A" if real[-1] != "A" else "B") if token == "tampered" else token

    response = client.post(f"/my/sign-in/{tampered}/")
    assert response.status_code in (404, 410)
    assert client.get(MY).status_code == 302


def test_the_session_expires_and_sign_out_ends_it(client, register, settings):
    register()
    ask(client, "cecilia@example.com")
    client.post(
        reverse("customer_access:sign_in_link", args=[link_in(sign_in_emails().get().body)])
    )
    assert client.get(MY).status_code == 200

    client.post(reverse("customer_access:sign_out"))
    assert client.get(MY).status_code == 302

    ask(client, "cecilia@example.com")
    client.post(
        reverse(
            "customer_access:sign_in_link",
            args=[link_in(sign_in_emails().order_by("-pk").first().body)],
        )
    )
    session = client.session
    session["customer_access"]["expires"] = timezone.now().timestamp() - 1
    session.save()
    assert client.get(MY).status_code == 302


def test_signing_in_is_no_staff_login(client, register):
    register()
    ask(client, "cecilia@example.com")
    client.post(
        reverse("customer_access:sign_in_link", args=[link_in(sign_in_emails().get().body)])
    )

    assert client.get("/desk/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_requests_are_limited_per_address_and_per_client(client, register, settings):
    register()
    settings.PORTAL_SIGNIN_REQUESTS_PER_EMAIL = 2
    settings.PORTAL_SIGNIN_REQUESTS_PER_ADDRESS = 4
    assert ask(client, "cecilia@example.com").status_code == 200
    assert ask(client, "CECILIA@example.com").status_code == 200
    response = ask(client, "cecilia@example.com", REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert sign_in_emails().count() == 2

    assert ask(client, "a@example.com").status_code == 200
    assert ask(client, "b@example.com").status_code == 200
    assert ask(client, "c@example.com").status_code == 429  # the fifth from 127.0.0.1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the e-mail address you gave us."),
        ("not-an-address", "Enter a valid e-mail address, e.g. name@example.com."),
        ("a" * 250 + "@example.com", "Ensure this value has at most 254 characters"),
    ],
)
def test_bad_addresses_are_refused_with_a_clear_message(client, db, email, message):
    response = ask(client, email)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_mail_arrives_over_smtp_and_its_link_signs_in(client, register, smtp_server):
    register(contact=Contact(name="Cecilia Customer", email="cecilia@example.com"))
    ask(client, "cecilia@example.com")

    # The view queued it at the real time; the worker delivers it a moment later.
    sent = deliver_email(sign_in_emails().get().pk, now=timezone.now())
    assert sent == OutboundEmail.Status.SENT

    [message] = [m for m in smtp_server.messages if m["To"] == "cecilia@example.com"]
    assert "sign-in link" in message["Subject"]
    token = link_in(message.get_content())
    response = client.post(reverse("customer_access:sign_in_link", args=[token]), follow=True)
    assert response.status_code == 200
    assert "My complaints" in response.content.decode()
