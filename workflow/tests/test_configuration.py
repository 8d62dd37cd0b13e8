import pytest
from django.core.exceptions import ValidationError

from workflow.configuration import (
    add_stage,
    add_transition,
    check_process,
    delete_stage,
    delete_transition,
    update_stage,
)
from workflow.models import Stage, Transition
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
