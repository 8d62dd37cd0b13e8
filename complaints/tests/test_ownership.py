import pytest
from django.core.exceptions import PermissionDenied

from complaints.models import TimelineEntry
from complaints.ownership import AlreadyOwned, assign_complaint, take_complaint


def test_agent_takes_a_complaint_from_the_shared_queue(register, agent, now):
    complaint = register()

    take_complaint(complaint, agent=agent, now=now)

    complaint.refresh_from_db()
    assert complaint.owner == agent
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.ASSIGNED)
    assert entry.actor == agent
    assert entry.data == {"how": "taken", "previous_owner": "", "new_owner": str(agent)}
    assert not entry.is_public


def test_second_agent_cannot_take_an_owned_complaint(register, agent, other_agent, now):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)

    with pytest.raises(AlreadyOwned) as caught:
        take_complaint(complaint, agent=other_agent, now=now)

    assert caught.value.owner == agent
    complaint.refresh_from_db()
    assert complaint.owner == agent


def test_taking_your_own_complaint_again_changes_nothing(register, agent, now):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    take_complaint(complaint, agent=agent, now=now)

    assert complaint.timeline.filter(kind=TimelineEntry.Kind.ASSIGNED).count() == 1


def test_manager_hands_over_and_the_hand_over_is_recorded(
    register, agent, other_agent, manager, now
):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)

    assign_complaint(complaint, to=other_agent, by=manager, now=now)

    complaint.refresh_from_db()
    assert complaint.owner == other_agent
    entry = complaint.timeline.filter(kind=TimelineEntry.Kind.ASSIGNED).last()
    assert entry.actor == manager
    assert entry.data == {
        "how": "assigned",
        "previous_owner": str(agent),
        "new_owner": str(other_agent),
    }


def test_manager_returns_a_complaint_to_the_shared_queue(register, agent, manager, now):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)

    assign_complaint(complaint, to=None, by=manager, now=now)

    complaint.refresh_from_db()
    assert complaint.owner is None


def test_agent_cannot_assign(register, agent, other_agent, now):
    complaint = register()

    with pytest.raises(PermissionDenied):
        assign_complaint(complaint, to=other_agent, by=agent, now=now)

    complaint.refresh_from_db()
    assert complaint.owner is None
