"""A step a person takes on a complaint, from the desk, the board or a bulk action: a move,
or — to a stage that waits for the customer — a question (WF-2), whose text is the reason."""

from workflow.models import Stage
from workflow.queries import process_for, stages_by_key
from workflow.transitions import move_complaint
from workflow.verification import ask_customer


def take_step(complaint, *, to, reason, by, now, seen_stage=None):
    """Move the complaint to stage `to`; raises what move_complaint() or ask_customer() do."""
    target = stages_by_key(process_for(complaint)).get(to)
    if target is not None and target.waits_for == Stage.WaitsFor.CUSTOMER:
        return ask_customer(
            complaint, question=reason, to=to, by=by, now=now, seen_stage=seen_stage
        )
    return move_complaint(complaint, to=to, reason=reason, by=by, now=now, seen_stage=seen_stage)
