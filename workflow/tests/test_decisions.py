from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaints.models import TimelineEntry
from workflow.decisions import record_decision
from workflow.models import Decision
from workflow.transitions import DecisionNeeded, TransitionRefused, move_complaint


@pytest.fixture
def to_decide(register, verify, agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    verify(complaint, by=agent)
    move_complaint(complaint, to="decision", by=agent, now=now)
    return complaint


def test_accepting_with_a_refund_records_it_and_moves_to_resolution(to_decide, agent, now):
    decision = record_decision(
        to_decide,
        outcome="accepted",
        justification="Manufacturing defect.",
        remedy="refund",
        amount="199.90",
        currency="pln",
        compensation="20",
        settles_all_claims=True,
        by=agent,
        now=now,
    )

    to_decide.refresh_from_db()
    assert to_decide.stage == "resolution"
    assert decision.amount == Decimal("199.90")
    assert decision.currency == "PLN"
    assert decision.settles_all_claims
    entry = to_decide.timeline.get(kind=TimelineEntry.Kind.DECISION)
    assert entry.is_public
    assert entry.text == "Manufacturing defect."
    assert entry.data["amount"] == "199.90"
    moved = to_decide.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).last()
    assert moved.data["target"] == "resolution"


def test_a_partial_acceptance_also_goes_to_resolution(to_decide, agent, now):
    record_decision(
        to_decide,
        outcome="partial",
        justification="Half the damage is wear.",
        remedy="price_reduction",
        amount="50",
        currency="EUR",
        by=agent,
        now=now,
    )

    to_decide.refresh_from_db()
    assert to_decide.stage == "resolution"


def test_rejecting_moves_to_rejected_without_a_remedy(to_decide, agent, now):
    record_decision(to_decide, outcome="rejected", justification="Water damage.", by=agent, now=now)

    to_decide.refresh_from_db()
    assert to_decide.stage == "rejected"
    assert to_decide.decisions.get().remedy == ""


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"justification": "  "}, "justification"),
        ({"remedy": ""}, "remedy"),
        ({"remedy": "refund", "amount": None}, "amount"),
        ({"remedy": "refund", "amount": "0"}, "amount"),
        ({"remedy": "refund", "amount": "10", "currency": "zł"}, "currency"),
        ({"remedy": "repair", "amount": "10"}, "amount"),
        ({"outcome": "rejected", "remedy": "repair"}, "remedy"),
        ({"compensation": "-5"}, "compensation"),
    ],
)
def test_bad_decisions_are_refused_per_field_and_nothing_changes(
    to_decide, agent, now, values, field
):
    arguments = {
        "outcome": "accepted",
        "justification": "Fine.",
        "remedy": "repair",
        "amount": None,
        "currency": "",
        **values,
    }
    with pytest.raises(ValidationError) as caught:
        record_decision(to_decide, by=agent, now=now, **arguments)

    assert field in caught.value.message_dict
    to_decide.refresh_from_db()
    assert to_decide.stage == "decision"
    assert Decision.objects.count() == 0


def test_a_complaint_is_decided_only_at_the_decision_stage(register, agent, now):
    complaint = register()

    with pytest.raises(TransitionRefused, match="cannot be decided at this stage"):
        record_decision(
            complaint, outcome="accepted", justification="Ok", remedy="repair", by=agent, now=now
        )
    assert Decision.objects.count() == 0


def test_resolution_cannot_be_reached_without_a_decision(to_decide, agent, now):
    with pytest.raises(DecisionNeeded, match="Record a decision"):
        move_complaint(to_decide, to="resolution", by=agent, now=now, reason="Looks fine")

    to_decide.refresh_from_db()
    assert to_decide.stage == "decision"


def test_a_decision_on_a_stale_page_is_refused(to_decide, agent, other_agent, now):
    move_complaint(to_decide, to="verification", by=other_agent, now=now)

    with pytest.raises(TransitionRefused, match="Someone else moved"):
        record_decision(
            to_decide,
            outcome="accepted",
            justification="Ok",
            remedy="repair",
            by=agent,
            now=now,
            seen_stage="decision",
        )
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("amount", ["lots", "1e400", "NaN-ish", "10000000000"])
def test_an_amount_that_is_not_a_number_or_too_large_is_refused(register, agent, now, amount):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)

    with pytest.raises(ValidationError, match="amount"):
        record_decision(
            complaint,
            outcome="accepted",
            justification="Faulty.",
            remedy="refund",
            amount=amount,
            currency="PLN",
            by=agent,
            now=now,
        )
    assert not complaint.decisions.exists()
