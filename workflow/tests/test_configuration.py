import pytest
from django.core.exceptions import ValidationError

from workflow.configuration import (
    add_stage,
    add_transition,
    check_process,
    delete_stage,
    delete_transition,
    save_checklist_item,
    update_stage,
    update_transition,
)
from workflow.models import ChecklistItem, Stage, Transition
from workflow.queries import default_process
from workflow.transitions import move_complaint


@pytest.fixture
def process(db):
    return default_process()


def stage(process, key):
    return process.stages.get(key=key)


def test_the_shipped_process_is_valid(process):
    check_process(process)


def test_a_stage_added_between_two_others_is_used_at_once(process, register, agent, now):
    appraisal = add_stage(
        process,
        name="Expert appraisal",
        after=stage(process, "verification"),
        sources=[stage(process, "verification")],
        targets=[stage(process, "decision")],
        customer_text="An expert is appraising the product.",
    )

    assert appraisal.key == "expert_appraisal"
    keys = list(process.stages.values_list("key", flat=True))
    assert keys.index("verification") + 1 == keys.index("expert_appraisal")
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now)
    move_complaint(complaint, to="expert_appraisal", by=agent, now=now)
    move_complaint(complaint, to="decision", by=agent, now=now)


def test_a_stage_nothing_leads_to_is_refused(process):
    with pytest.raises(ValidationError) as caught:
        add_stage(process, name="Limbo", targets=[stage(process, "decision")])

    assert "No complaint can reach: Limbo" in caught.value.messages[0]
    assert not Stage.objects.filter(key="limbo").exists()


def test_a_stage_without_a_way_out_must_be_final(process):
    with pytest.raises(ValidationError) as caught:
        add_stage(process, name="Dead end", sources=[stage(process, "verification")])
    assert "would be stuck in: Dead end" in " ".join(caught.value.messages)

    add_stage(process, name="Withdrawn", sources=[stage(process, "verification")], is_final=True)


def test_duplicate_keys_and_empty_names_are_refused(process):
    with pytest.raises(ValidationError) as caught:
        add_stage(process, name="Decision", sources=[stage(process, "new")])
    assert "key" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_stage(process, name="  ")
    assert "name" in caught.value.message_dict


def test_the_last_final_stage_cannot_stop_being_final(process):
    closed, rejected = stage(process, "closed"), stage(process, "rejected")
    delete_stage(rejected)
    with pytest.raises(ValidationError) as caught:
        update_stage(
            closed, name="Closed", customer_text="", is_final=False, notify_customer=False, clock=""
        )
    assert "At least one stage must be final." in caught.value.messages
    assert stage(process, "closed").is_final


def test_a_stage_with_complaints_cannot_be_removed(process, register):
    register()

    with pytest.raises(ValidationError) as caught:
        delete_stage(stage(process, "new"))

    assert "1 complaint is in “New”" in caught.value.messages[0]
    assert process.stages.filter(key="new").exists()


def test_removing_a_transition_that_strands_a_stage_is_refused(process):
    only_way_in = Transition.objects.get(source__key="decision", target__key="resolution")
    pk = only_way_in.pk

    with pytest.raises(ValidationError, match="No complaint can reach: Resolution, Closed"):
        delete_transition(only_way_in)

    assert Transition.objects.filter(pk=pk).exists()


def test_transitions_to_the_same_stage_or_twice_are_refused(process):
    with pytest.raises(ValidationError, match="another stage"):
        add_transition(process, source=stage(process, "new"), target=stage(process, "new"))
    with pytest.raises(ValidationError, match="exists already"):
        add_transition(process, source=stage(process, "new"), target=stage(process, "verification"))


def test_a_new_transition_with_roles(process, register, agent, manager, now):
    add_transition(
        process,
        source=stage(process, "new"),
        target=stage(process, "decision"),
        allowed_roles=["manager"],
        requires_reason=True,
    )
    complaint = register()

    from workflow.transitions import TransitionRefused

    with pytest.raises(TransitionRefused):
        move_complaint(complaint, to="decision", by=agent, now=now, reason="Fast track")
    move_complaint(complaint, to="decision", by=manager, now=now, reason="Fast track")


def test_the_shipped_process_requires_the_checklist_and_the_actions(process):
    required = {
        (t.source.key, t.target.key): (t.requires_checklist, t.requires_actions_done)
        for t in process.transitions.select_related("source", "target")
    }

    assert required[("verification", "decision")] == (True, False)
    assert required[("resolution", "closed")] == (False, True)
    assert stage(process, "waiting_customer").waits_for == "customer"


def test_a_transitions_requirements_are_changed_in_place(process):
    transition = Transition.objects.get(source__key="new", target__key="verification")

    update_transition(
        transition,
        allowed_roles=["manager"],
        requires_reason=True,
        requires_checklist=True,
        requires_actions_done=True,
    )

    transition.refresh_from_db()
    assert transition.allowed_roles == ["manager"]
    assert transition.requires_checklist and transition.requires_actions_done


def test_a_new_stage_may_wait_for_the_customer(process):
    stage_ = add_stage(
        process,
        name="Waiting for photos",
        after=stage(process, "verification"),
        sources=[stage(process, "verification")],
        targets=[stage(process, "verification")],
        waits_for="customer",
    )

    assert stage_.waits_for == "customer"


def test_checklist_points_need_text_and_a_kind(db):
    with pytest.raises(ValidationError) as error:
        save_checklist_item(text=" ", kind="beauty")

    assert set(error.value.message_dict) == {"text", "kind"}
    added = save_checklist_item(text=" Serial number legible ", kind="completeness")
    assert added.text == "Serial number legible"
    assert added.position > ChecklistItem.objects.exclude(pk=added.pk).latest("position").position
