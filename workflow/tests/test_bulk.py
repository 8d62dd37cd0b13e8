"""Bulk actions: every id comes back done or refused with the reason; refusals change nothing."""

import pytest
from django.core.exceptions import ValidationError

from complaints.models import Complaint, TimelineEntry
from complaints.ownership import take_complaint
from workflow import bulk


def stages_of(*complaints):
    return [Complaint.objects.get(pk=complaint.pk).stage for complaint in complaints]


def test_moving_many_reports_each_refusal_and_moves_the_rest(register, agent, now):
    first, second, third = register(), register(), register()
    Complaint.objects.filter(pk=third.pk).update(stage="verification")

    result = bulk.move_complaints(
        [first.pk, second.pk, third.pk], to="verification", by=agent, now=now
    )

    assert [outcome.done for outcome in result.outcomes] == [True, True, False]
    refused = result.refused[0]
    assert refused.reference == third.reference
    assert refused.message == "A complaint in “Verification” cannot move to “Verification”."
    assert stages_of(first, second, third) == ["verification"] * 3
    assert (
        TimelineEntry.objects.filter(complaint=third, kind=TimelineEntry.Kind.STAGE_CHANGED).count()
        == 0
    )


def test_a_move_seen_in_another_stage_is_refused_as_stale(register, agent, other_agent, now):
    fresh, stale = register(), register()
    # Someone moved it after the list was rendered with "new".
    from workflow.transitions import move_complaint

    move_complaint(stale, to="verification", by=other_agent, now=now)

    result = bulk.move_complaints(
        [fresh.pk, stale.pk],
        to="rejected",
        by=agent,
        now=now,
        seen_stages={fresh.pk: "new", stale.pk: "new"},
        reason="Outside the warranty",
    )

    assert [outcome.label for outcome in result.done] == [fresh.reference]
    assert "Someone else moved" in result.refused[0].message
    assert stages_of(fresh, stale) == ["rejected", "verification"]


def test_a_move_that_needs_a_reason_is_refused_without_one(register, agent, now):
    complaint = register()

    result = bulk.move_complaints([complaint.pk], to="rejected", by=agent, now=now)

    assert result.refused[0].message == "Give a reason for moving to “Rejected”."
    assert stages_of(complaint) == ["new"]


def test_the_reason_is_recorded_on_every_moved_complaint(register, agent, now):
    first, second = register(), register()

    bulk.move_complaints(
        [first.pk, second.pk], to="rejected", by=agent, now=now, reason="Duplicate order"
    )

    entries = TimelineEntry.objects.filter(kind=TimelineEntry.Kind.STAGE_CHANGED)
    assert sorted(entries.values_list("complaint_id", "text")) == [
        (first.pk, "Duplicate order"),
        (second.pk, "Duplicate order"),
    ]


def test_a_complaint_the_user_may_not_see_is_reported_as_not_found(
    register, agent, other_agent, now
):
    visible, theirs = register(), register()
    take_complaint(theirs, agent=other_agent, now=now)
    missing_pk = Complaint.objects.order_by("-pk").first().pk + 100

    result = bulk.move_complaints(
        [visible.pk, theirs.pk, missing_pk], to="verification", by=agent, now=now
    )

    assert [outcome.done for outcome in result.outcomes] == [True, False, False]
    # Someone else's complaint and one that does not exist look the same: no reference.
    assert [outcome.reference for outcome in result.refused] == ["", ""]
    assert {outcome.message for outcome in result.refused} == {"Not found, or not yours to see."}
    assert result.refused[0].label == f"Complaint #{theirs.pk}"
    assert stages_of(theirs) == ["new"]


def test_every_id_comes_back_once_in_the_order_given(register, agent, now):
    first, second = register(), register()

    result = bulk.take_complaints([second.pk, first.pk, second.pk], by=agent, now=now)

    assert [outcome.pk for outcome in result.outcomes] == [second.pk, first.pk]


def test_nothing_chosen_or_too_many_is_refused_before_anything_changes(register, agent, now):
    complaint = register()

    with pytest.raises(ValidationError, match="at least one"):
        bulk.take_complaints([], by=agent, now=now)
    with pytest.raises(ValidationError, match="at most 200 complaints at once"):
        bulk.take_complaints([complaint.pk, *range(10**6, 10**6 + 200)], by=agent, now=now)

    assert Complaint.objects.get(pk=complaint.pk).owner is None


def test_an_agent_cannot_take_what_a_manager_owns_and_retaking_ones_own_is_done(
    register, agent, manager, now
):
    free, owned = register(), register()
    take_complaint(owned, agent=manager, now=now)

    # A manager's complaint is out of the agent's sight; to the manager it is owned.
    result = bulk.take_complaints([free.pk, owned.pk], by=agent, now=now)
    as_manager = bulk.take_complaints([owned.pk], by=manager, now=now)

    assert result.refused[0].message == "Not found, or not yours to see."
    assert Complaint.objects.get(pk=free.pk).owner == agent
    assert as_manager.done  # taking what one owns already is done, not refused


def test_taking_one_another_agent_took_meanwhile_is_refused(register, agent, manager, now):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)

    result = bulk.take_complaints([complaint.pk], by=manager, now=now)

    assert result.refused[0].message == "Agnes already owns this complaint."
    assert Complaint.objects.get(pk=complaint.pk).owner == agent


def test_only_a_manager_assigns_in_bulk(register, agent, other_agent, manager, now):
    first, second = register(), register()

    by_agent = bulk.assign_complaints([first.pk, second.pk], to=other_agent, by=agent, now=now)
    by_manager = bulk.assign_complaints([first.pk, second.pk], to=other_agent, by=manager, now=now)

    assert [outcome.message for outcome in by_agent.refused] == [
        "Only a manager can assign complaints."
    ] * 2
    assert len(by_manager.done) == 2
    assert set(Complaint.objects.values_list("owner", flat=True)) == {other_agent.pk}
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.ASSIGNED).count() == 2


def test_tagging_many_adds_tags_and_refuses_a_complaint_over_the_limit(register, agent, now):
    from complaints.classification import TAGS_PER_COMPLAINT, set_tags

    plain, full = register(), register()
    set_tags(full, names=[f"t{n}" for n in range(TAGS_PER_COMPLAINT)], by=agent, now=now)

    result = bulk.tag_complaints(
        [plain.pk, full.pk], names=["courier damage", "vip"], by=agent, now=now
    )

    assert [outcome.label for outcome in result.done] == [plain.reference]
    assert result.refused[0].message == f"A complaint can have at most {TAGS_PER_COMPLAINT} tags."
    assert sorted(plain.tags.values_list("name", flat=True)) == ["courier damage", "vip"]
    assert full.tags.count() == TAGS_PER_COMPLAINT
    assert not full.tags.filter(name="vip").exists()


def test_tagging_with_no_tag_is_refused(register, agent, now):
    complaint = register()

    with pytest.raises(ValidationError, match="at least one tag"):
        bulk.tag_complaints([complaint.pk], names=[" ", ""], by=agent, now=now)


def test_a_bulk_move_to_waiting_for_the_customer_asks_each_of_them(register, agent, now):
    first, second = register(), register()
    Complaint.objects.filter(pk__in=[first.pk, second.pk]).update(stage="verification")

    result = bulk.move_complaints(
        [first.pk, second.pk],
        to="waiting_customer",
        reason="Please send a photo of the receipt.",
        by=agent,
        now=now,
    )

    assert [outcome.done for outcome in result.outcomes] == [True, True]
    questions = TimelineEntry.objects.filter(kind=TimelineEntry.Kind.QUESTION)
    assert sorted(q.complaint_id for q in questions) == sorted([first.pk, second.pk])
    assert {q.text for q in questions} == {"Please send a photo of the receipt."}
    assert all(q.is_public for q in questions)
