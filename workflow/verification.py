"""Verifying a complaint (WF-2): the completeness and legitimacy checklist, and asking the
customer for what is missing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from complaints.models import Complaint, TimelineEntry
from complaints.notes import NOTE_MAX_LENGTH
from complaints.timeline import record_event
from workflow.models import ChecklistItem, ChecklistMark, Stage
from workflow.queries import available_transitions, current_stage, process_for, stages_by_key


def applicable_items(complaint):
    """The active checklist items for the complaint: its category's and everyone's."""
    applies = Q(category__isnull=True)
    if complaint.category_id is not None:
        applies |= Q(category=complaint.category_id)
    return ChecklistItem.objects.filter(applies, is_active=True)


def checklist_for(complaint):
    """The complaint's checklist in order; each item has `mark` (a ChecklistMark or None).

    Two queries whatever the length of the list.
    """
    items = applicable_items(complaint).prefetch_related(
        Prefetch(
            "marks",
            queryset=ChecklistMark.objects.filter(complaint=complaint).select_related("checked_by"),
            to_attr="complaint_marks",
        )
    )
    items = list(items)
    for item in items:
        item.mark = item.complaint_marks[0] if item.complaint_marks else None
    return items


def checklist_open_items(complaint):
    """The applicable items nobody has ticked for the complaint yet."""
    return list(
        applicable_items(complaint).exclude(
            pk__in=ChecklistMark.objects.filter(complaint=complaint).values("item")
        )
    )


def set_check(complaint, item, *, checked, by, now):
    """Tick or untick one checklist item for the complaint; recorded on the timeline (internal).

    Locks the complaint's row. Ticking a ticked item (or unticking an open one) changes
    nothing and records nothing. Raises ValidationError for an item that does not apply or a
    complaint in a final stage, PermissionDenied for someone outside the complaint team.
    """
    refuse_outside_team(by)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if not applicable_items(locked).filter(pk=item.pk).exists():
            raise ValidationError(
                _("“%(item)s” is not on the checklist of %(reference)s.")
                % {"item": item.label, "reference": locked.reference}
            )
        refuse_in_final_stage(locked, _("Reopen the complaint to change its checklist."))
        mark = ChecklistMark.objects.filter(complaint=locked, item=item).first()
        if checked == (mark is not None):
            return mark
        if checked:
            mark = ChecklistMark.objects.create(
                complaint=locked, item=item, checked_by=by, checked_at=now
            )
        else:
            mark.delete()
            mark = None
        record_event(
            locked,
            TimelineEntry.Kind.CHECKLIST,
            at=now,
            actor=by,
            item_id=item.pk,
            item=item.text,
            item_kind=item.kind,
            checked=checked,
        )
    return mark


def refuse_outside_team(by):
    """Specialists consulted on a complaint (WF-6) read it; the complaint team works it."""
    if not by.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team verifies and resolves complaints."))


def refuse_in_final_stage(complaint, advice):
    """Raise ValidationError when the (locked) complaint is in a final stage of its process."""
    stage = current_stage(complaint)
    if stage is not None and stage.is_final:
        raise ValidationError(
            _("%(reference)s is “%(stage)s”. %(advice)s")
            % {"reference": complaint.reference, "stage": stage.label, "advice": advice}
        )


def ask_customer_transition(complaint, user, *, process=None, to=None):
    """The move `user` may make from the complaint's stage to one that waits for the customer
    (to the stage with key `to`, when given)."""
    for transition in available_transitions(complaint, user, process=process):
        if transition.target.waits_for == Stage.WaitsFor.CUSTOMER and to in (
            None,
            transition.target.key,
        ):
            return transition
    return None


def ask_customer(complaint, *, question, by, now, seen_stage=None, to=None):
    """Ask the customer for what is missing: move to the stage that waits for them, with the
    question as the reason, and record the question publicly on the timeline.

    The move goes through move_complaint() (so its rules, timeline entry and entry actions
    apply, and `stage_entered` is sent after commit); all of it in one transaction.
    `to` picks the stage when the process has more than one that waits for the customer.
    Raises ValidationError for an empty question and TransitionRefused when no such move is
    open to `by`, changing nothing.
    """
    # transitions.py reads the checklist from this module, so import it here.
    from workflow.transitions import StaleComplaint, TransitionRefused, move_complaint

    question = question.strip()
    if not question:
        raise ValidationError({"question": _("Write what the customer should send or tell us.")})
    if len(question) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "question": _("Keep the question to at most %(limit)d characters.")
                % {"limit": NOTE_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if seen_stage is not None and locked.stage != seen_stage:
            raise StaleComplaint(
                _(
                    "Someone else moved %(reference)s meanwhile. "
                    "Look at it again before asking the customer."
                )
                % {"reference": locked.reference}
            )
        process = process_for(locked)
        transition = ask_customer_transition(locked, by, process=process, to=to)
        if transition is None:
            stage = stages_by_key(process).get(locked.stage)
            raise TransitionRefused(
                _(
                    "From “%(stage)s” there is no move open to you to a stage that waits "
                    "for the customer."
                )
                % {"stage": stage.label if stage else locked.stage}
            )
        moved = move_complaint(locked, to=transition.target.key, by=by, now=now, reason=question)
        record_event(
            moved,
            TimelineEntry.Kind.QUESTION,
            at=now,
            actor=by,
            is_public=True,
            text=question,
            stage=transition.target.key,
        )
    return moved
