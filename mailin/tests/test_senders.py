"""Addresses staff add to a complaint may write into it by its reference (IN-4)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints.models import TimelineEntry
from mailin.ingest import ingest_message
from mailin.models import AllowedSender
from mailin.senders import add_sender, may_write_in, remove_sender
from mailin.tests import messages


@pytest.fixture
def mailed(db, now):
    return ingest_message(messages.plain(), now=now).complaint


def mail_from(sender, complaint, message_id):
    return messages.plain(
        sender=sender,
        subject=f"Re: {complaint.reference}",
        body="The invoice is attached to my letter.",
        message_id=message_id,
    )


def test_an_added_address_joins_by_the_reference_and_others_still_do_not(mailed, now, agent):
    add_sender(mailed, " Lawyer@Firm.Example ", by=agent, now=now)
    outcome = ingest_message(
        mail_from("lawyer@firm.example", mailed, "<l-1@firm.example>"), now=now
    )
    assert str(outcome) == f"reply {mailed.reference}"
    entry = mailed.timeline.get(kind=TimelineEntry.Kind.MESSAGE_RECEIVED)
    assert entry.data["sender"] == "lawyer@firm.example"
    assert entry.is_public  # vouched for by staff: part of the customer's side of the case

    stranger = ingest_message(
        mail_from("other@firm.example", mailed, "<o-1@firm.example>"), now=now
    )
    assert stranger.kind == "created"
    assert stranger.complaint.pk != mailed.pk


def test_a_removed_address_opens_its_own_complaint_again(mailed, now, agent):
    sender = add_sender(mailed, "lawyer@firm.example", by=agent, now=now)
    remove_sender(sender, by=agent, now=now)
    assert not may_write_in("lawyer@firm.example", mailed)
    outcome = ingest_message(
        mail_from("lawyer@firm.example", mailed, "<l-2@firm.example>"), now=now
    )
    assert outcome.kind == "created"
    changes = [
        entry.data["changes"][0]
        for entry in mailed.timeline.filter(kind=TimelineEntry.Kind.ATTRIBUTES).order_by("pk")
    ]
    assert [(c["before"], c["after"]) for c in changes] == [
        ("", "lawyer@firm.example"),
        ("lawyer@firm.example", ""),
    ]


@pytest.mark.parametrize(
    "address, message",
    [
        ("not an address", "Enter a valid e-mail address."),
        ("", "Enter a valid e-mail address."),
        ("CECILIA@example.com", "That is the customer's own address; it may write in already."),
    ],
)
def test_bad_addresses_are_refused_with_a_reason(mailed, now, agent, address, message):
    with pytest.raises(ValidationError) as refused:
        add_sender(mailed, address, by=agent, now=now)
    assert refused.value.messages == [message]
    assert not AllowedSender.objects.exists()


def test_the_same_address_twice_is_refused_and_kept_once(mailed, now, agent):
    add_sender(mailed, "lawyer@firm.example", by=agent, now=now)
    with pytest.raises(ValidationError, match="may write in already"):
        add_sender(mailed, "LAWYER@firm.example", by=agent, now=now)
    assert AllowedSender.objects.count() == 1


def test_the_desk_card_adds_and_removes_after_confirmation(client, mailed, agent):
    client.force_login(agent)
    detail = reverse("desk:complaint_detail", args=[mailed.reference])
    page = client.get(detail)
    assert 'id="senders"' in page.text and "cecilia@example.com" in page.text

    bad = client.post(
        reverse("desk:add_sender", args=[mailed.reference]), {"email": "nope"}, follow=True
    )
    assert "Enter a valid e-mail address." in bad.text
    response = client.post(
        reverse("desk:add_sender", args=[mailed.reference]),
        {"email": "lawyer@firm.example"},
        follow=True,
    )
    assert "now joins this complaint" in response.text
    sender = AllowedSender.objects.get()

    remove_url = reverse("desk:remove_sender", args=[mailed.reference, sender.pk])
    confirm = client.get(remove_url)
    assert confirm.status_code == 200 and "lawyer@firm.example" in confirm.text
    assert AllowedSender.objects.exists()  # asking is not removing
    client.post(remove_url)
    assert not AllowedSender.objects.exists()


def test_specialists_cannot_add_addresses(client, mailed, specialist):
    client.force_login(specialist)
    response = client.post(
        reverse("desk:add_sender", args=[mailed.reference]), {"email": "x@example.com"}
    )
    assert response.status_code in (403, 404)
    assert not AllowedSender.objects.exists()


def test_an_address_of_another_complaint_cannot_be_removed_through_this_one(
    client, mailed, now, agent
):
    other = ingest_message(
        messages.plain(sender="zoe@example.org", message_id="<zoe@example.org>"), now=now
    ).complaint
    sender = add_sender(other, "lawyer@firm.example", by=agent, now=now)
    client.force_login(agent)
    response = client.post(reverse("desk:remove_sender", args=[mailed.reference, sender.pk]))
    assert response.status_code == 404
    assert AllowedSender.objects.filter(pk=sender.pk).exists()
