from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from complaints.models import Complaint, TimelineEntry
from workflow.decisions import record_decision
from workflow.models import ResolutionAction, Transition
from workflow.resolution import add_action, complete_action, open_actions, reopen_action
from workflow.transitions import TransitionRefused, move_complaint


@pytest.fixture
def to_decide(register, verify, agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    verify(complaint, by=agent)
    move_complaint(complaint, to="decision", by=agent, now=now)
    return complaint


def decide(complaint, *, by, now, outcome="accepted", **remedy):
    record_decision(
        complaint, outcome=outcome, justification="Defect confirmed.", by=by, now=now, **remedy
    )
    return complaint


@pytest.fixture
def refunded(to_decide, agent, now):
    return decide(to_decide, by=agent, now=now, remedy="refund", amount="120", currency="pln")


def test_accepting_a_refund_creates_its_action(refunded):
    action = ResolutionAction.objects.get(complaint=refunded)

    assert action.text == "Refund of 120.00 PLN paid"
    assert action.decision == refunded.decisions.get()
    assert action.done_at is None
    added = refunded.timeline.get(kind=TimelineEntry.Kind.ACTION)
    assert added.data["change"] == "added"
    assert not added.is_public


@pytest.mark.parametrize(
    ("remedy", "text"),
    [
        ({"remedy": "replacement"}, "Replacement shipped"),
        ({"remedy": "repair"}, "Repair done"),
        (
            {"remedy": "price_reduction", "amount": "30.5", "currency": "EUR"},
            "Price reduction of 30.50 EUR paid",
        ),
        ({"remedy": "voucher"}, "Voucher sent"),
        ({"remedy": "gift"}, "Gift sent"),
        ({"remedy": "other"}, "Remedy carried out"),
    ],
)
def test_each_remedy_has_its_default_action(to_decide, agent, now, remedy, text):
    decide(to_decide, by=agent, now=now, outcome="partial", **remedy)

    assert [action.text for action in open_actions(to_decide)] == [text]


def test_a_rejection_creates_no_action(to_decide, agent, now):
    decide(to_decide, by=agent, now=now, outcome="rejected")

    assert not ResolutionAction.objects.exists()


def test_a_decision_whose_move_is_refused_leaves_no_action(register, agent, now):
    complaint = register()
    with pytest.raises(TransitionRefused):
        decide(complaint, by=agent, now=now, remedy="repair")

    assert not ResolutionAction.objects.exists()


def test_closing_waits_until_every_action_is_done(refunded, agent, now):
    extra = add_action(refunded, text="Return label sent", by=agent, now=now)

    with pytest.raises(TransitionRefused) as refusal:
        move_complaint(refunded, to="closed", by=agent, now=now)

    assert str(refusal.value) == (
        "Finish the resolution before moving to “Closed”: "
        "“Refund of 120.00 PLN paid”, “Return label sent” are not done."
    )
    assert Complaint.objects.get(pk=refunded.pk).stage == "resolution"
    for action in open_actions(refunded):
        if action != extra:
            complete_action(action, by=agent, now=now)
    with pytest.raises(TransitionRefused, match="“Return label sent” is not done"):
        move_complaint(refunded, to="closed", by=agent, now=now)
    complete_action(extra, by=agent, now=now)

    assert move_complaint(refunded, to="closed", by=agent, now=now).stage == "closed"


def test_marking_done_is_public_and_recorded(refunded, agent, now):
    action = open_actions(refunded)[0]
    later = now + timedelta(hours=2)

    complete_action(action, by=agent, now=later)

    action.refresh_from_db()
    assert (action.done_by, action.done_at) == (agent, later)
    done = refunded.timeline.filter(kind=TimelineEntry.Kind.ACTION).last()
    assert done.is_public
    assert done.text == "Refund of 120.00 PLN paid"
    assert done.data == {"action_id": action.pk, "change": "done"}


def test_completing_twice_is_refused(refunded, agent, other_agent, now):
    action = open_actions(refunded)[0]
    complete_action(action, by=agent, now=now)

    with pytest.raises(ValidationError, match="was marked done already by Agnes"):
        complete_action(action, by=other_agent, now=now + timedelta(minutes=1))

    action.refresh_from_db()
    assert action.done_by == agent
    assert refunded.timeline.filter(kind=TimelineEntry.Kind.ACTION).count() == 2


def test_reopening_takes_back_a_done_action(refunded, agent, now):
    action = open_actions(refunded)[0]
    with pytest.raises(ValidationError, match="is not done"):
        reopen_action(action, by=agent, now=now)

    complete_action(action, by=agent, now=now)
    reopen_action(action, by=agent, now=now)

    action.refresh_from_db()
    assert action.done_at is None and action.done_by is None
    reopened = refunded.timeline.filter(kind=TimelineEntry.Kind.ACTION).last()
    assert (reopened.data["change"], reopened.is_public) == ("reopened", True)
    with pytest.raises(TransitionRefused):
        move_complaint(refunded, to="closed", by=agent, now=now)


@pytest.mark.parametrize("text", ["", "   ", "x" * 301])
def test_an_action_needs_a_short_text(refunded, agent, now, text):
    with pytest.raises(ValidationError) as error:
        add_action(refunded, text=text, by=agent, now=now)

    assert "text" in error.value.message_dict
    assert ResolutionAction.objects.count() == 1


def test_added_actions_follow_the_defaults(refunded, agent, now):
    add_action(refunded, text="  Courier booked  ", by=agent, now=now)

    assert [action.text for action in open_actions(refunded)] == [
        "Refund of 120.00 PLN paid",
        "Courier booked",
    ]
    added = refunded.timeline.filter(kind=TimelineEntry.Kind.ACTION).last()
    assert (added.text, added.is_public) == ("Courier booked", False)


def test_a_closed_complaint_keeps_its_actions(refunded, carry_out, agent, now):
    carry_out(refunded, by=agent)
    move_complaint(refunded, to="closed", by=agent, now=now)
    action = ResolutionAction.objects.get()
    entries = TimelineEntry.objects.count()

    with pytest.raises(ValidationError, match="Reopen the complaint"):
        add_action(refunded, text="One more thing", by=agent, now=now)
    with pytest.raises(ValidationError, match="Reopen the complaint"):
        reopen_action(action, by=agent, now=now)

    action.refresh_from_db()
    assert action.done_at is not None
    assert ResolutionAction.objects.count() == 1
    assert TimelineEntry.objects.count() == entries


def test_completing_on_a_closed_complaint_is_refused(refunded, agent, now):
    action = open_actions(refunded)[0]
    # An admin closed it through a process without the requirement.
    Transition.objects.filter(source__key="resolution", target__key="closed").update(
        requires_actions_done=False
    )
    move_complaint(refunded, to="closed", by=agent, now=now)

    with pytest.raises(ValidationError, match="Reopen the complaint"):
        complete_action(action, by=agent, now=now)
    action.refresh_from_db()
    assert action.done_at is None
