"""Staff offer the customer a choice of remedies on the decide form (PO-1)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workflow.decisions import validate_offered_remedies
from workflow.models import Decision
from workflow.transitions import move_complaint


@pytest.fixture
def in_decision(register, agent, verify, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    verify(complaint, by=agent)
    move_complaint(complaint, to="decision", by=agent, now=now)
    return complaint


def decide(client, complaint, **data):
    payload = {"outcome": "accepted", "justification": "Faulty hinge.", "remedy": "repair"}
    payload.update(data)
    return client.post(reverse("desk:decide", args=[complaint.reference]), payload)


def test_staff_offer_remedies_the_customer_chooses_from(client, agent, in_decision):
    client.force_login(agent)
    assert (
        "Let the customer choose between"
        in client.get(reverse("desk:decide", args=[in_decision.reference])).content.decode()
    )

    response = decide(client, in_decision, offered_remedies=["repair", "replacement"])

    assert response.status_code == 302
    assert Decision.objects.get().offered_remedies == ["repair", "replacement"]


def test_no_offer_is_the_default(client, agent, in_decision):
    client.force_login(agent)

    decide(client, in_decision)

    assert Decision.objects.get().offered_remedies == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"offered_remedies": ["repair"]}, "Offer at least two remedies to choose from, or none."),
        (
            {"offered_remedies": ["refund", "replacement"]},
            "The remedy above must be one of those offered.",
        ),
        ({"offered_remedies": ["repair", "teleport"]}, "Offer only remedies from the list."),
        (
            {"outcome": "rejected", "remedy": "", "offered_remedies": ["repair", "replacement"]},
            "A rejected complaint offers no remedies to choose from.",
        ),
    ],
)
def test_bad_offers_are_refused_with_a_reason(client, agent, in_decision, data, message):
    client.force_login(agent)

    response = decide(client, in_decision, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Decision.objects.exists()


def test_duplicates_are_refused_by_the_rule():
    with pytest.raises(ValidationError, match="Offer each remedy once"):
        validate_offered_remedies(
            outcome="accepted", remedy="repair", offered=["repair", "repair", "refund"]
        )
