"""PO-2: the signed-in customer's complaints, and only theirs; a new one prefilled."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from branding.models import Branding
from complaints.customers import Contact
from complaints.models import Complaint
from customer_access.signin import SESSION_KEY

MY = reverse("customer_access:my_complaints")
CECILIA = Contact(name="Cecilia Customer", email="cecilia@example.com", phone="+48 601 234 567")


def sign_in_as(client, email):
    """What opening a sign-in link leaves in the session (the link itself: test_signin)."""
    session = client.session
    expires = (timezone.now() + timedelta(hours=1)).timestamp()
    session[SESSION_KEY] = {"email": email, "expires": expires}
    session.save()


@pytest.fixture
def complaints(register, now):
    mine = [
        register(contact=CECILIA, product="Kettle", received_at=now),
        register(contact=CECILIA, product="Toaster", received_at=now + timedelta(days=1)),
        register(contact=CECILIA, product="Old fridge", received_at=now - timedelta(days=90)),
    ]
    Complaint.objects.filter(pk=mine[2].pk).update(stage="closed")
    theirs = register(contact=Contact(name="Olaf Other", email="olaf@example.com"), product="Drill")
    return mine, theirs


def test_current_and_archived_complaints_with_their_status_in_plain_words(client, complaints):
    (kettle, toaster, fridge), _theirs = complaints
    sign_in_as(client, "cecilia@example.com")

    current = client.get(MY).content.decode()
    assert current.index(toaster.reference) < current.index(kettle.reference)  # newest first
    assert "We have received your complaint." in current
    assert reverse("portal:track", args=[kettle.tracking_token]) in current
    assert fridge.reference not in current

    archived = client.get(MY, {"archived": "1"}).content.decode()
    assert fridge.reference in archived
    assert "Your complaint is closed." in archived
    assert kettle.reference not in archived


def test_a_customer_never_sees_another_customers_complaint(client, complaints):
    _mine, theirs = complaints
    sign_in_as(client, "cecilia@example.com")

    for query in ({}, {"archived": "1"}, {"page": "2"}, {"email": "olaf@example.com"}):
        html = client.get(MY, query).content.decode()
        assert theirs.reference not in html
        assert theirs.tracking_token not in html
        assert "Drill" not in html


def test_every_customer_record_with_the_address_counts(client, register):
    from complaints.models import Customer

    first = register(contact=CECILIA)
    # An older record with the address in capitals (customers are never merged).
    other = Customer.objects.create(name="C. Customer", email="CECILIA@EXAMPLE.COM")
    second = register(contact=Contact(name="Someone", phone="+48 700 100 200"))
    Complaint.objects.filter(pk=second.pk).update(customer=other)
    sign_in_as(client, "cecilia@example.com")

    html = client.get(MY).content.decode()
    assert first.reference in html and second.reference in html


def test_the_list_is_paginated(client, register, now):
    for day in range(12):
        register(contact=CECILIA, received_at=now + timedelta(days=day))
    sign_in_as(client, "cecilia@example.com")

    first_page = client.get(MY).content.decode()
    assert "1\N{EN DASH}10 of 12" in first_page
    assert "2\N{EN DASH}12 of 12" not in first_page
    second_page = client.get(MY, {"page": "2"}).content.decode()
    assert "11\N{EN DASH}12 of 12" in second_page
    assert client.get(MY, {"page": "nonsense"}).status_code == 200


def test_a_customer_without_complaints_sees_an_empty_state(client, db):
    sign_in_as(client, "new@example.com")

    html = client.get(MY).content.decode()
    assert "We have no complaints for this address yet." in html


def test_a_merged_duplicate_is_archived_and_names_its_survivor(client, register, agent, now):
    from complaints.merging import merge_complaint

    duplicate = register(contact=CECILIA)
    survivor = register(contact=CECILIA, product="Toaster")
    merge_complaint(duplicate, into=survivor, by=agent, now=now)
    sign_in_as(client, "cecilia@example.com")

    assert duplicate.reference not in client.get(MY).content.decode()
    archived = client.get(MY, {"archived": "1"}).content.decode()
    assert f"Continues under {survivor.reference}" in archived


def test_a_new_complaint_starts_prefilled_for_a_signed_in_customer(client, complaints):
    sign_in_as(client, "cecilia@example.com")

    response = client.get(reverse("intake:new_complaint"))
    form = response.context["form"]
    assert form.initial["name"] == "Cecilia Customer"
    assert form.initial["email"] == "cecilia@example.com"
    assert form.initial["phone"] == "+48601234567"
    assert 'value="Cecilia Customer"' in response.content.decode()


def test_a_new_complaint_is_empty_for_anyone_else(client, complaints):
    response = client.get(reverse("intake:new_complaint"))

    assert "name" not in response.context["form"].initial
    assert "Cecilia" not in response.content.decode()


def test_my_complaints_without_signing_in_asks_for_the_email(client, db):
    response = client.get(MY)

    assert response.status_code == 302
    assert response["Location"] == reverse("customer_access:sign_in")


@pytest.mark.parametrize(
    "url",
    [
        reverse("customer_access:my_complaints"),
        reverse("customer_access:find"),
        reverse("customer_access:sign_in"),
        reverse("customer_access:sign_in_link", args=["anything"]),
    ],
)
def test_a_closed_portal_says_so_and_how_to_reach_us(client, db, url):
    Branding.objects.create(
        pk=1, portal_enabled=False, contact_email="help@shop.example", contact_phone="+48 22 100"
    )
    sign_in_as(client, "cecilia@example.com")

    response = client.get(url)

    assert response.status_code == 503
    html = response.content.decode()
    assert "The customer portal is closed" in html
    assert "help@shop.example" in html
    assert 'id="my-complaints-link"' not in html


def test_a_closed_portal_sends_no_sign_in_link(client, register):
    from notifications.models import OutboundEmail

    register()
    Branding.objects.create(pk=1, portal_enabled=False)

    response = client.post(reverse("customer_access:sign_in"), {"email": "cecilia@example.com"})

    assert response.status_code == 503
    assert not OutboundEmail.objects.filter(subject__contains="sign-in").exists()


def test_a_choice_of_remedy_waiting_for_the_customer_is_flagged_until_made(
    client, complaints, verify, agent, now
):
    from portal.answers import answer_decision
    from workflow.decisions import record_decision
    from workflow.transitions import move_complaint

    (kettle, toaster, _fridge), _theirs = complaints
    move_complaint(kettle, to="verification", by=agent, now=now)
    verify(kettle, by=agent)
    move_complaint(kettle, to="decision", by=agent, now=now)
    decision = record_decision(
        kettle,
        outcome="accepted",
        justification="The lid is faulty.",
        remedy="repair",
        offered_remedies=["repair", "replacement"],
        by=agent,
        now=now,
        notify_customer=False,
    )
    sign_in_as(client, "cecilia@example.com")

    html = client.get(MY).content.decode()
    assert html.count("Choose your remedy") == 1
    flagged = html.split("Choose your remedy")[0].rsplit('class="card my-complaint"', 1)[1]
    assert kettle.reference in flagged and toaster.reference not in flagged

    answer_decision(
        kettle, decision_id=decision.pk, answer="accepted", remedy="replacement", now=now
    )
    assert "Choose your remedy" not in client.get(MY).content.decode()
