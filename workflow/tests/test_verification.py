import pytest
from django.core.exceptions import ValidationError

from complaints.models import Category, Complaint, TimelineEntry
from workflow.models import ChecklistItem, ChecklistMark, Stage, Transition
from workflow.transitions import StaleComplaint, TransitionRefused, move_complaint
from workflow.verification import (
    ask_customer,
    checklist_for,
    checklist_open_items,
    set_check,
)


@pytest.fixture
def in_verification(register, agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    return complaint


@pytest.fixture
def shoes(db):
    return Category.objects.create(name="Shoes")


def test_the_shipped_checklist_applies_to_every_complaint(in_verification):
    items = checklist_for(in_verification)

    assert len(items) == 5
    assert [item.kind for item in items] == ["completeness"] * 3 + ["legitimacy"] * 2
    assert all(item.mark is None for item in items)
    assert checklist_open_items(in_verification) == items


def test_a_categorys_items_apply_only_to_its_complaints(register, shoes, db):
    soles = ChecklistItem.objects.create(category=shoes, kind="legitimacy", text="Soles intact")
    ChecklistItem.objects.create(kind="completeness", text="Retired point", is_active=False)
    other = ChecklistItem.objects.create(
        category=Category.objects.create(name="Phones"), kind="completeness", text="IMEI given"
    )
    about_shoes = register(submission_key="a")
    Complaint.objects.filter(pk=about_shoes.pk).update(category=shoes)
    about_shoes.refresh_from_db()
    uncategorised = register(submission_key="b")

    assert soles in checklist_for(about_shoes)
    assert len(checklist_for(about_shoes)) == 6
    assert other not in checklist_for(about_shoes)
    assert len(checklist_for(uncategorised)) == 5


def test_reading_the_checklist_takes_two_queries_however_long(
    in_verification, agent, now, django_assert_num_queries
):
    for number in range(10):
        item = ChecklistItem.objects.create(kind="completeness", text=f"Point {number}")
        set_check(in_verification, item, checked=True, by=agent, now=now)

    with django_assert_num_queries(2):
        items = checklist_for(in_verification)
        assert sum(1 for item in items if item.mark and item.mark.checked_by) == 10


def test_ticking_and_unticking_is_recorded_internally(in_verification, agent, now):
    item = checklist_for(in_verification)[1]

    mark = set_check(in_verification, item, checked=True, by=agent, now=now)
    again = set_check(in_verification, item, checked=True, by=agent, now=now)

    assert mark == again
    assert checklist_for(in_verification)[1].mark.checked_by == agent
    assert len(checklist_open_items(in_verification)) == 4
    set_check(in_verification, item, checked=False, by=agent, now=now)
    assert len(checklist_open_items(in_verification)) == 5
    entries = in_verification.timeline.filter(kind=TimelineEntry.Kind.CHECKLIST)
    assert [entry.data["checked"] for entry in entries] == [True, False]
    assert not any(entry.is_public for entry in entries)
    assert entries[0].data["item"] == item.text


def test_an_item_that_does_not_apply_is_refused(in_verification, shoes, agent, now):
    foreign = ChecklistItem.objects.create(category=shoes, kind="legitimacy", text="Soles intact")
    retired = ChecklistItem.objects.create(kind="legitimacy", text="Old", is_active=False)

    for item in (foreign, retired):
        with pytest.raises(ValidationError, match="is not on the checklist"):
            set_check(in_verification, item, checked=True, by=agent, now=now)

    assert not ChecklistMark.objects.exists()
    assert not in_verification.timeline.filter(kind=TimelineEntry.Kind.CHECKLIST).exists()


def test_the_checklist_of_a_final_complaint_is_not_changed(register, agent, now):
    complaint = register()
    move_complaint(complaint, to="rejected", by=agent, now=now, reason="Duplicate")

    with pytest.raises(ValidationError, match="Reopen the complaint"):
        set_check(complaint, checklist_for(complaint)[0], checked=True, by=agent, now=now)
    assert not ChecklistMark.objects.exists()


def test_decision_waits_for_a_complete_checklist(in_verification, agent, now):
    items = checklist_for(in_verification)
    for item in items[:3]:
        set_check(in_verification, item, checked=True, by=agent, now=now)

    with pytest.raises(TransitionRefused) as refusal:
        move_complaint(in_verification, to="decision", by=agent, now=now)

    assert str(refusal.value) == (
        "Complete the verification checklist before moving to “Decision”: 2 of 5 points are open."
    )
    in_verification.refresh_from_db()
    assert in_verification.stage == "verification"
    assert in_verification.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).count() == 1

    set_check(in_verification, items[3], checked=True, by=agent, now=now)
    with pytest.raises(TransitionRefused, match="1 of 5 points is open"):
        move_complaint(in_verification, to="decision", by=agent, now=now)
    set_check(in_verification, items[4], checked=True, by=agent, now=now)
    assert move_complaint(in_verification, to="decision", by=agent, now=now).stage == "decision"


def test_only_transitions_that_require_it_wait_for_the_checklist(in_verification, agent, now):
    move_complaint(in_verification, to="rejected", by=agent, now=now, reason="Out of warranty")

    in_verification.refresh_from_db()
    assert in_verification.stage == "rejected"


def test_asking_the_customer_moves_to_waiting_and_records_the_question(
    in_verification, agent, now, django_capture_on_commit_callbacks
):
    from workflow.signals import stage_entered

    received = []

    def listener(**kwargs):
        received.append(kwargs)

    stage_entered.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            moved = ask_customer(
                in_verification,
                question="  Please send a photo of the receipt.  ",
                by=agent,
                now=now,
                seen_stage="verification",
            )
    finally:
        stage_entered.disconnect(listener)

    assert moved.stage == "waiting_customer"
    question = in_verification.timeline.get(kind=TimelineEntry.Kind.QUESTION)
    assert question.is_public
    assert question.text == "Please send a photo of the receipt."
    move = in_verification.timeline.filter(kind=TimelineEntry.Kind.STAGE_CHANGED).last()
    assert move.text == "Please send a photo of the receipt."
    assert move.data["target"] == "waiting_customer"
    assert [(r["stage_key"], r["notify_customer"]) for r in received] == [
        ("waiting_customer", True)
    ]


def test_asking_follows_the_stage_that_waits_for_the_customer(in_verification, agent, now):
    Stage.objects.filter(key="waiting_customer").update(waits_for="")
    Stage.objects.filter(key="waiting_specialist").update(waits_for="customer")

    moved = ask_customer(in_verification, question="Which size?", by=agent, now=now)

    assert moved.stage == "waiting_specialist"


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_is_refused(in_verification, agent, now, question):
    with pytest.raises(ValidationError) as error:
        ask_customer(in_verification, question=question, by=agent, now=now)

    assert "question" in error.value.message_dict
    in_verification.refresh_from_db()
    assert in_verification.stage == "verification"
    assert not in_verification.timeline.filter(kind=TimelineEntry.Kind.QUESTION).exists()


def test_asking_is_refused_where_no_such_move_is_open(register, in_verification, agent, now):
    fresh = register(submission_key="fresh")
    with pytest.raises(TransitionRefused, match="no move open to you"):
        ask_customer(fresh, question="Receipt?", by=agent, now=now)

    Transition.objects.filter(source__key="verification", target__key="waiting_customer").update(
        allowed_roles=["manager"]
    )
    with pytest.raises(TransitionRefused, match="no move open to you"):
        ask_customer(in_verification, question="Receipt?", by=agent, now=now)

    assert not TimelineEntry.objects.filter(kind=TimelineEntry.Kind.QUESTION).exists()
    fresh.refresh_from_db()
    assert fresh.stage == "new"


def test_asking_from_a_stale_page_is_refused(in_verification, agent, other_agent, now):
    move_complaint(in_verification, to="rejected", by=other_agent, now=now, reason="Duplicate")

    with pytest.raises(StaleComplaint):
        ask_customer(
            in_verification, question="Receipt?", by=agent, now=now, seen_stage="verification"
        )
    assert not TimelineEntry.objects.filter(kind=TimelineEntry.Kind.QUESTION).exists()


def test_the_checklist_cannot_be_bypassed_through_a_specialist(register, agent, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    move_complaint(complaint, to="waiting_specialist", reason="Ask the lab", by=agent, now=now)

    with pytest.raises(TransitionRefused, match="Complete the verification checklist"):
        move_complaint(complaint, to="decision", by=agent, now=now)


def test_specialists_neither_tick_the_checklist_nor_resolve(register, specialist, now):
    from django.core.exceptions import PermissionDenied

    from workflow.resolution import add_action

    complaint = register()
    item = ChecklistItem.objects.first()

    with pytest.raises(PermissionDenied):
        set_check(complaint, item, checked=True, by=specialist, now=now)
    with pytest.raises(PermissionDenied):
        add_action(complaint, text="Replace the pump", by=specialist, now=now)
    assert not complaint.checklist_marks.exists()
    assert not complaint.resolution_actions.exists()
