"""Every stage change goes through move_complaint(): the board, the desk, bulk actions, the API."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.models import Complaint, TimelineEntry
from complaints.timeline import record_event
from workflow.models import Stage, Transition, complaint_field_label
from workflow.queries import current_stage, may_take, process_for
from workflow.resolution import open_actions
from workflow.signals import stage_entered
from workflow.verification import applicable_items, checklist_open_items


class TransitionRefused(Exception):
    """A move the process does not allow now; the message says why, for the user."""


class StaleComplaint(TransitionRefused):
    """Someone else moved the complaint after the user looked at it."""


class DecisionNeeded(TransitionRefused):
    """The move is made by recording a decision, not directly."""


def move_complaint(complaint, *, to, by, now, seen_stage=None, reason="", decision=None):
    """Move `complaint` to the stage with key `to`, as the process allows `by` to.

    Locks the complaint's row; `seen_stage` is the stage the user saw, so that of two
    people moving the same complaint the second is told instead of overwriting. Records the
    move on the timeline and runs the target stage's entry actions in the same transaction;
    `stage_entered` is sent after commit. Raises TransitionRefused, changing nothing.
    A transition made by decisions is taken only with the `decision` that makes it (see
    workflow.decisions.record_decision).
    """
    reason = reason.strip()
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        process = process_for(locked)
        stages = {stage.key: stage for stage in Stage.objects.filter(process=process)}
        current = stages.get(locked.stage)
        current_label = current.label if current else locked.stage
        if locked.merged_into_id:
            raise TransitionRefused(
                _("%(reference)s was merged into %(survivor)s; work on %(survivor)s instead.")
                % {"reference": locked.reference, "survivor": locked.merged_into.reference}
            )
        if seen_stage is not None and locked.stage != seen_stage:
            raise StaleComplaint(
                _(
                    "Someone else moved %(reference)s to “%(stage)s” meanwhile. "
                    "Look at it again before moving it."
                )
                % {"reference": locked.reference, "stage": current_label}
            )
        target = stages.get(to)
        if target is None:
            raise TransitionRefused(_("There is no stage “%(stage)s”.") % {"stage": to})
        transition = Transition.objects.filter(
            process=process, source__key=locked.stage, target=target
        ).first()
        if transition is None:
            raise TransitionRefused(
                _("A complaint in “%(source)s” cannot move to “%(target)s”.")
                % {"source": current_label, "target": target.label}
            )
        if not may_take(transition, by):
            raise TransitionRefused(
                _("Your role may not move a complaint from “%(source)s” to “%(target)s”.")
                % {"source": current_label, "target": target.label}
            )
        if transition.decision_outcomes and (
            decision is None or decision.outcome not in transition.decision_outcomes
        ):
            raise DecisionNeeded(
                _("Record a decision to move to “%(target)s”.") % {"target": target.label}
            )
        missing = missing_fields(locked, transition)
        if missing:
            raise TransitionRefused(
                _("Fill in %(fields)s before moving to “%(target)s”.")
                % {"fields": ", ".join(missing), "target": target.label}
            )
        unmet = unmet_requirement(locked, transition)
        if unmet:
            raise TransitionRefused(unmet)
        if transition.requires_reason and not reason:
            raise TransitionRefused(
                _("Give a reason for moving to “%(target)s”.") % {"target": target.label}
            )
        change_stage(locked, current, target, by=by, reason=reason, now=now)
    return locked


def change_stage(locked, current, target, *, by, reason, now, **data):
    """Put the locked complaint in `target`, say so on its public timeline and run the
    stage's entry actions. The caller has checked that the move is allowed."""
    source_key = current.key if current else locked.stage
    locked.stage = target.key
    locked.save(update_fields=["stage", "updated_at"])
    record_event(
        locked,
        TimelineEntry.Kind.STAGE_CHANGED,
        at=now,
        actor=by,
        is_public=True,
        text=reason,
        source=source_key,
        target=target.key,
        source_name=current.name if current else "",
        target_name=target.name,
        **data,
    )
    enter_stage(locked, target, by=by, now=now)


def resume_after_customer_answer(complaint, *, reason, now):
    """The customer answered (a portal message, an e-mail) while the complaint waited for
    them: back to review, as a helpdesk reopens a pending ticket. None when it was not
    waiting for the customer, or the process has no way back."""
    stage = current_stage(complaint)
    if stage is None or stage.waits_for != Stage.WaitsFor.CUSTOMER:
        return None
    return reopen_for_review(complaint, reason=reason, now=now, why="customer_answered")


def review_transition(transitions):
    """The process's own way back for review among `transitions` out of one stage: the first
    (by target position) to a stage that is not final, is made by no decision and does not
    wait for anyone; None when there is none. Used when a customer contests a decision and
    when a low survey score asks to reopen."""
    candidates = [
        transition
        for transition in transitions
        if not transition.target.is_final
        and not transition.decision_outcomes
        and not transition.target.waits_for
    ]
    return min(candidates, key=lambda t: (t.target.position, t.pk), default=None)


def reopen_for_review(complaint, *, reason, now, why="contested"):
    """Move a complaint back for review on the customer's word, on nobody's behalf: no role,
    checklist or action requirement applies, since the customer's answer is the reason.
    `why` is "contested" (they contested the decision, PO-2) or "customer_answered" (they
    answered while we waited for them, WF-2: the service clock runs again). Returns the stage
    it moved to, or None (changing nothing) when the process has no way back from the
    current stage or the complaint was merged."""
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.merged_into_id:
            return None
        process = process_for(locked)
        transitions = Transition.objects.filter(
            process=process, source__key=locked.stage
        ).select_related("source", "target")
        transition = review_transition(list(transitions))
        if transition is None:
            return None
        target = transition.target
        change_stage(
            locked, transition.source, target, by=None, reason=reason, now=now, **{why: True}
        )
    complaint.stage = target.key
    return target


# Complaint fields a transition may require to be filled (WF-1), e.g. the order number
# before a decision.
REQUIRABLE_FIELDS = ["product", "order_number", "purchase_date", "category", "type", "owner"]


def requirable_field_choices():
    return [(name, Complaint._meta.get_field(name).verbose_name) for name in REQUIRABLE_FIELDS]


def missing_fields(complaint, transition):
    """Names of the required complaint fields that are still empty."""
    return [
        complaint_field_label(name)
        for name in transition.required_fields
        if getattr(complaint, name, None) in (None, "", [], {})
    ]


def unmet_requirement(complaint, transition):
    """Why the checklist or the resolution actions keep the complaint from moving, or ""."""
    target = transition.target.label
    if transition.requires_checklist:
        still_open = len(checklist_open_items(complaint))
        if still_open:
            total = applicable_items(complaint).count()
            return ngettext(
                "Complete the verification checklist before moving to “%(target)s”: "
                "%(open)d of %(total)d points is open.",
                "Complete the verification checklist before moving to “%(target)s”: "
                "%(open)d of %(total)d points are open.",
                still_open,
            ) % {"target": target, "open": still_open, "total": total}
    if transition.requires_actions_done:
        actions = open_actions(complaint)
        if actions:
            return ngettext(
                "Finish the resolution before moving to “%(target)s”: %(actions)s is not done.",
                "Finish the resolution before moving to “%(target)s”: %(actions)s are not done.",
                len(actions),
            ) % {
                "target": target,
                "actions": ", ".join(f"“{action.text}”" for action in actions),
            }
    return ""


def enter_stage(complaint, stage, *, by, now):
    """The entry actions of a stage: clock markers now, the customer hook after commit."""
    if stage.clock:
        record_event(
            complaint,
            TimelineEntry.Kind.CLOCK,
            at=now,
            actor=by,
            action=stage.clock,
            stage=stage.key,
        )
    transaction.on_commit(
        lambda: stage_entered.send(
            sender=Stage,
            complaint_id=complaint.pk,
            stage_key=stage.key,
            notify_customer=stage.notify_customer,
            at=now,
        )
    )
