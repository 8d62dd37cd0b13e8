import threading

import pytest
from django.db import connection

from complaints.models import Complaint, TimelineEntry
from workflow.models import Stage, Transition
from workflow.queries import available_transitions, default_process
from workflow.signals import stage_entered
from workflow.transitions import StaleComplaint, TransitionRefused, move_complaint


def test_default_process_is_shipped_with_every_stage_reachable(db):
    process = default_process()

    keys = [stage.key for stage in process.stages.all()]
    assert set(keys) == {
        "new",
        "verification",
        "waiting_customer",
        "waiting_specialist",
        "decision",
        "resolution",
        "closed",
        "rejected",
    }
    assert [s.key for s in process.stages.filter(is_initial=True)] == ["new"]
    assert {s.key for s in process.stages.filter(is_final=True)} == {"closed", "rejected"}
    reached, frontier = {"new"}, ["new"]
    while frontier:
        here = frontier.pop()
        for target in process.transitions.filter(source__key=here).values_list(
            "target__key", flat=True
        ):
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(keys)


def test_allowed_move_changes_the_stage_and_is_on_the_timeline(register, agent, now):
    complaint = register()

    moved = move_complaint(complaint, to="verification", by=agent, now=now, seen_stage="new")

    assert moved.stage == "verification"
    complaint.refresh_from_db()
    assert complaint.stage == "verification"
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert entry.actor == agent
    assert entry.is_public
    assert entry.data["source"] == "new"
    assert entry.data["target"] == "verification"


def test_entering_a_stage_runs_its_actions(
    register, agent, now, django_capture_on_commit_callbacks
):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    stage_entered.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            move_complaint(
                complaint, to="waiting_customer", by=agent, now=now, reason="Need a photo"
            )
    finally:
        stage_entered.disconnect(listener)

    clock = complaint.timeline.get(kind=TimelineEntry.Kind.CLOCK)
    assert clock.data == {"action": "pause", "stage": "waiting_customer"}
    assert not clock.is_public
    assert received == [
        {
            "signal": stage_entered,
            "complaint_id": complaint.pk,
            "stage_key": "waiting_customer",
            "notify_customer": True,
            "at": now,
        }
    ]


def test_nothing_is_sent_when_the_move_rolls_back(
    register, agent, now, django_capture_on_commit_callbacks
):
    from django.db import transaction

    complaint = register()
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        move_complaint(complaint, to="verification", by=agent, now=now)
        raise RuntimeError
    assert callbacks == []
    complaint.refresh_from_db()
    assert complaint.stage == "new"


def assert_refused(complaint, message_part, **kwargs):
    before = complaint.timeline.count()
    with pytest.raises(TransitionRefused) as refusal:
        move_complaint(complaint, **kwargs)
    assert message_part in str(refusal.value)
    complaint.refresh_from_db()
    assert complaint.timeline.count() == before
    return refusal.value


def test_a_move_the_process_does_not_allow_is_refused(register, agent, now):
    complaint = register()

    assert_refused(complaint, "cannot move to “Closed”", to="closed", by=agent, now=now)
    assert complaint.stage == "new"


def test_an_unknown_stage_is_refused(register, agent, now):
    complaint = register()

    assert_refused(complaint, "There is no stage", to="nowhere", by=agent, now=now)


def test_a_reason_is_required_where_the_process_says(register, agent, now):
    complaint = register()

    assert_refused(complaint, "Give a reason", to="rejected", by=agent, now=now, reason="  ")
    move_complaint(complaint, to="rejected", by=agent, now=now, reason="Out of warranty")

    entry = complaint.timeline.get(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert entry.text == "Out of warranty"


def test_only_the_roles_named_may_take_a_transition(register, agent, manager, now):
    complaint = register()
    move_complaint(complaint, to="rejected", by=agent, now=now, reason="No receipt")

    assert_refused(
        complaint, "Your role may not", to="verification", by=agent, now=now, reason="Receipt found"
    )
    assert [t.target.key for t in available_transitions(complaint, agent)] == []
    assert [t.target.key for t in available_transitions(complaint, manager)] == ["verification"]
    move_complaint(complaint, to="verification", by=manager, now=now, reason="Receipt found")


def test_required_fields_must_be_filled(register, agent, now):
    complaint = register(product="")
    transition = Transition.objects.get(source__key="new", target__key="verification")
    transition.required_fields = ["product", "order_number"]
    transition.save()

    refusal = assert_refused(complaint, "Fill in product", to="verification", by=agent, now=now)
    assert "order number" not in str(refusal)  # ORD-1001 is filled
    Complaint.objects.filter(pk=complaint.pk).update(product="Kettle")
    move_complaint(complaint, to="verification", by=agent, now=now)


def test_a_move_based_on_a_stale_page_is_refused(register, agent, other_agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=other_agent, now=now, seen_stage="new")

    refusal = assert_refused(
        complaint,
        "Someone else moved",
        to="rejected",
        by=agent,
        now=now,
        seen_stage="new",
        reason="Duplicate",
    )
    assert isinstance(refusal, StaleComplaint)
    assert "“Verification”" in str(refusal)


@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_moves_one_wins_and_the_other_is_told(
    register, agent, other_agent, now
):
    complaint = register()
    start = threading.Barrier(2)
    outcomes = {}

    def move(user, target):
        try:
            start.wait()
            move_complaint(
                complaint, to=target, by=user, now=now, seen_stage="new", reason="Because"
            )
            outcomes[user.username] = "moved"
        except StaleComplaint:
            outcomes[user.username] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=move, args=(agent, "verification")),
        threading.Thread(target=move, args=(other_agent, "rejected")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["moved", "stale"]
    complaint.refresh_from_db()
    winner = "verification" if outcomes[agent.username] == "moved" else "rejected"
    assert complaint.stage == winner
    assert complaint.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).count() == 1


def test_renamed_default_stage_shows_its_new_name(db):
    stage = Stage.objects.get(process=default_process(), key="decision")
    from django.utils import translation

    with translation.override("pl"):
        assert stage.label != "Decision"
    stage.name = "Committee"
    assert stage.label == "Committee"
