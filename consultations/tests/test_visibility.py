"""Who sees what once opinions are asked (WF-6, AD-1): complaints.queries.visible_complaints."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.departments import save_department
from complaints.classification import classify, set_priority, set_tags
from complaints.models import Complaint, Priority
from complaints.notes import add_note
from complaints.ownership import assign_complaint, take_complaint
from complaints.queries import desk_complaints, visible_complaints
from consultations.opinions import cancel_request, give_opinion, request_opinion
from customfields.values import save_values
from workflow.bulk import move_complaints, tag_complaints, take_complaints
from workflow.categories import change_category
from workflow.models import Transition
from workflow.queries import available_transitions, may_take
from workflow.transitions import TransitionRefused, move_complaint

DUE = date(2026, 3, 9)


def test_a_specialist_sees_only_what_they_or_their_department_are_consulted_on(
    register, agent, specialist, now
):
    asked_directly, asked_department, not_asked = register(), register(), register()
    department = save_department(name="Lab", members=[specialist])
    request_opinion(asked_directly, specialist=specialist, question="Q", due=DUE, by=agent, now=now)
    request_opinion(
        asked_department, department=department, question="Q", due=DUE, by=agent, now=now
    )

    visible = set(visible_complaints(specialist))

    assert visible == {asked_directly, asked_department}
    assert not_asked not in visible


def test_a_complaint_asked_about_twice_is_listed_once(register, agent, specialist, now):
    complaint = register()
    department = save_department(name="Lab", members=[specialist])
    for _ in range(2):
        request_opinion(complaint, specialist=specialist, question="Q", due=DUE, by=agent, now=now)
    request_opinion(complaint, department=department, question="Q", due=DUE, by=agent, now=now)

    assert list(desk_complaints(specialist)) == [complaint]


def test_an_answered_request_keeps_the_complaint_visible_a_cancelled_one_does_not(
    register, agent, specialist, now
):
    answered, cancelled = register(), register()
    opinion = request_opinion(
        answered, specialist=specialist, question="Q", due=DUE, by=agent, now=now
    )
    give_opinion(opinion, answer="A", by=specialist, now=now)
    withdrawn = request_opinion(
        cancelled, specialist=specialist, question="Q", due=DUE, by=agent, now=now
    )
    cancel_request(withdrawn, by=agent, now=now)

    assert set(visible_complaints(specialist)) == {answered}


def test_leaving_the_department_hides_its_complaints(register, agent, specialist, now):
    complaint = register()
    department = save_department(name="Lab", members=[specialist])
    request_opinion(complaint, department=department, question="Q", due=DUE, by=agent, now=now)

    save_department(department, name="Lab", members=[])

    assert not visible_complaints(specialist).exists()


def test_an_agent_sees_the_queue_their_own_and_what_they_are_consulted_on(
    register, agent, other_agent, now
):
    queued, mine, consulted, hidden = register(), register(), register(), register()
    take_complaint(mine, agent=agent, now=now)
    for complaint in (consulted, hidden):
        take_complaint(complaint, agent=other_agent, now=now)
    request_opinion(consulted, specialist=agent, question="Q", due=DUE, by=other_agent, now=now)

    assert set(visible_complaints(agent)) == {queued, mine, consulted}


def test_managers_still_see_everything(register, manager, specialist, now):
    complaints = {register(), register()}

    assert set(visible_complaints(manager)) == complaints
    assert not visible_complaints(specialist).exists()


# What a specialist may not do, whatever they can see.


@pytest.fixture
def consulted(register, agent, specialist, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    request_opinion(complaint, specialist=specialist, question="Q", due=DUE, by=agent, now=now)
    complaint.refresh_from_db()
    return complaint


def test_transitions_open_to_all_roles_are_not_open_to_specialists(consulted, specialist, now):
    open_to_all = Transition.objects.get(
        source__key="waiting_specialist", target__key="verification"
    )
    assert open_to_all.allowed_roles == []

    assert not may_take(open_to_all, specialist)
    assert available_transitions(consulted, specialist) == []
    with pytest.raises(TransitionRefused, match="Your role may not"):
        move_complaint(consulted, to="verification", by=specialist, now=now)
    consulted.refresh_from_db()
    assert consulted.stage == "waiting_specialist"


def test_a_transition_that_names_specialists_is_theirs_to_take(consulted, specialist, agent, now):
    transition = Transition.objects.get(
        source__key="waiting_specialist", target__key="verification"
    )
    transition.allowed_roles = ["specialist"]
    transition.save()

    assert may_take(transition, specialist)
    assert not may_take(transition, agent)
    assert move_complaint(consulted, to="verification", by=specialist, now=now).stage == (
        "verification"
    )


def test_a_specialist_cannot_take_own_or_classify(consulted, specialist, manager, now):
    with pytest.raises(PermissionDenied):
        take_complaint(consulted, agent=specialist, now=now)
    with pytest.raises(PermissionDenied):
        assign_complaint(consulted, to=specialist, by=manager, now=now)
    with pytest.raises(PermissionDenied):
        set_priority(consulted, priority=Priority.URGENT, by=specialist, now=now)
    with pytest.raises(PermissionDenied):
        classify(consulted, type="service", by=specialist, now=now)
    with pytest.raises(PermissionDenied):
        set_tags(consulted, names=["urgent"], by=specialist, now=now)
    with pytest.raises(PermissionDenied):
        change_category(consulted, category=None, by=specialist, now=now)
    with pytest.raises(PermissionDenied):
        save_values(consulted, {"serial_number": "X"}, by=specialist, now=now)

    after = Complaint.objects.get(pk=consulted.pk)
    assert (after.owner, after.priority, after.type) == (None, Priority.NORMAL, "")
    assert not after.tags.exists()


def test_a_specialist_writes_internal_notes_only(consulted, specialist, now):
    with pytest.raises(ValidationError) as refused:
        add_note(consulted, text="Hello customer", is_public=True, by=specialist, now=now)
    assert "is_public" in refused.value.message_dict

    note = add_note(consulted, text="Checked the photos.", is_public=False, by=specialist, now=now)

    assert not note.is_public
    assert consulted.timeline.filter(kind="note").count() == 1


def test_bulk_actions_refuse_a_specialist_item_by_item(consulted, specialist, now):
    taken = take_complaints([consulted.pk], by=specialist, now=now)
    tagged = tag_complaints([consulted.pk], names=["urgent"], by=specialist, now=now)
    moved = move_complaints([consulted.pk], to="verification", by=specialist, now=now)

    for result in (taken, tagged, moved):
        assert [outcome.done for outcome in result.outcomes] == [False]
    after = Complaint.objects.get(pk=consulted.pk)
    assert (after.owner, after.stage) == (None, "waiting_specialist")
    assert not after.tags.exists()
