"""PO-1: a complaint found by reference plus e-mail or phone, and nothing revealed otherwise."""

import re

import pytest
from django.urls import reverse

from complaints.customers import Contact
from customer_access.lookup import find_complaint
from customer_access.models import AttemptCount

URL = reverse("customer_access:find")
MISS = "We could not find a complaint with this reference and this e-mail or phone."


@pytest.fixture
def complaint(register):
    return register(
        contact=Contact(name="Cecilia Customer", email="Cecilia@Example.com", phone="601 234 567")
    )


def look_up(client, reference, contact, **extra):
    return client.post(URL, {"reference": reference, "contact": contact}, **extra)


def test_reference_and_email_lead_to_the_tracking_page(client, complaint):
    response = look_up(client, complaint.reference, "  CECILIA@example.com ")

    assert response.status_code == 302
    url = reverse("portal:track", args=[complaint.tracking_token])
    assert response["Location"] == f"{url}?lang=en"


def test_the_tracking_page_opens_in_the_language_the_lookup_was_made_in(client, complaint):
    response = client.post(
        URL, {"reference": complaint.reference, "contact": "cecilia@example.com", "lang": "pl"}
    )

    assert response["Location"].endswith("?lang=pl")


@pytest.mark.parametrize("phone", ["+48 601 234 567", "601-234-567", "0048601234567"])
def test_the_phone_is_compared_in_one_form_however_it_is_typed(client, complaint, phone):
    response = look_up(client, complaint.reference.lower(), phone)

    assert response.status_code == 302


def test_every_miss_gives_the_same_answer(client, complaint, register):
    other = register(contact=Contact(name="Olaf Other", email="olaf@example.com"))
    misses = [
        (complaint.reference, "olaf@example.com"),  # someone else's e-mail
        (complaint.reference, "+48 700 000 000"),  # a wrong phone
        (other.reference, "cecilia@example.com"),  # a reference of another customer
        ("RK-2026-999999", "cecilia@example.com"),  # a reference nobody has
        ("not a reference at all", "cecilia@example.com"),  # malformed
        ("RK-" + "9" * 300, "cecilia@example.com"),  # far too long
        (complaint.reference, "cecilia@example"),  # almost the e-mail
    ]
    answers = set()
    for reference, contact in misses:
        response = look_up(client, reference, contact)
        assert MISS in response.content.decode()
        answers.add((response.status_code, without_values(response.content.decode())))
    assert len(answers) == 1
    assert answers.pop()[0] == 200


def without_values(html):
    """The page without what the visitor typed (echoed in the form), the CSRF token and
    the CSP nonce, which differ on every response."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'value="[^"]*"', "", html)


def test_a_miss_does_the_same_database_work_as_a_hit(complaint, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert find_complaint(complaint.reference, "cecilia@example.com") == complaint
    with django_assert_num_queries(1):
        assert find_complaint("RK-2026-999999", "cecilia@example.com") is None
    with django_assert_num_queries(1):
        assert find_complaint("nonsense", "") is None


@pytest.mark.parametrize("data", [{"reference": "", "contact": ""}, {}])
def test_empty_fields_are_named(client, db, data):
    response = client.post(URL, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the reference of your complaint." in html
    assert "Enter the e-mail address or phone number you gave us." in html


def test_lookups_are_limited_per_reference(client, complaint, settings):
    settings.PORTAL_LOOKUPS_PER_REFERENCE = 3
    for number in range(3):
        assert look_up(client, complaint.reference, f"guess{number}@example.com").status_code == 200

    # The fourth try is refused, even with the right e-mail and from another address.
    response = look_up(
        client, complaint.reference.lower(), "cecilia@example.com", REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Other references are still open to that address.
    assert (
        look_up(client, "RK-2026-999999", "x@example.com", REMOTE_ADDR="10.0.0.9").status_code
        == 200
    )


def test_lookups_are_limited_per_client_address(client, db, settings):
    settings.PORTAL_LOOKUPS_PER_ADDRESS = 2
    for number in range(2):
        assert look_up(client, f"RK-2026-00000{number}", "a@example.com").status_code == 200

    assert look_up(client, "RK-2026-000009", "a@example.com").status_code == 429
    assert (
        look_up(client, "RK-2026-000009", "a@example.com", REMOTE_ADDR="10.1.1.1").status_code
        == 200
    )


def test_the_limit_keeps_no_reference_or_address_readable(client, complaint):
    look_up(client, complaint.reference, "cecilia@example.com")

    keys = " ".join(AttemptCount.objects.values_list("key", flat=True))
    assert complaint.reference not in keys
    assert "127.0.0.1" not in keys


def test_counts_older_than_the_last_two_hours_are_removed(db, now):
    from datetime import timedelta

    from customer_access.throttling import count_attempt

    count_attempt("lookup-address", "10.0.0.1", now=now - timedelta(hours=3))
    count_attempt("lookup-address", "10.0.0.2", now=now - timedelta(hours=1))
    count_attempt("lookup-address", "10.0.0.3", now=now)

    assert AttemptCount.objects.count() == 2


def test_a_merged_duplicate_is_found_and_its_tracking_page_names_the_survivor(
    client, register, agent, now
):
    from complaints.merging import merge_complaint

    duplicate = register()
    survivor = register(product="Toaster")
    merge_complaint(duplicate, into=survivor, by=agent, now=now)

    response = look_up(client, duplicate.reference, "cecilia@example.com", follow=True)

    url = reverse("portal:track", args=[duplicate.tracking_token])
    assert response.redirect_chain[0][0] == f"{url}?lang=en"
    assert survivor.reference in response.content.decode()
