"""Asking a specialist or a department for an opinion on a complaint, and answering (WF-6)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from complaints.models import Complaint, TimelineEntry
from complaints.timeline import record_event
from consultations.models import OpinionRequest
from consultations.signals import opinion_requested
from workflow.models import Stage, Transition
from workflow.queries import may_take, process_for
from workflow.transitions import TransitionRefused, move_complaint

TEXT_MAX_LENGTH = 10_000


def request_opinion(
    complaint, *, specialist=None, department=None, question, due, by, now, wait=True
):
    """Ask `specialist` or `department` (exactly one) `question` about `complaint`, due by
    the date `due`. Returns the OpinionRequest.

    Locks the complaint row and records the question (internal) and what the customer is
    told (public: an expert is involved, news by `due`, in the customer's language). With
    `wait`, moves the complaint to a stage that waits for a specialist when the process
    offers `by` that move from its stage; a refused move leaves the request in place and
    says why in the returned request's `move_refusal`. `opinion_requested` is sent after
    commit. Raises ValidationError or PermissionDenied, changing nothing.
    """
    if not by.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team asks for opinions."))
    question = question.strip()
    errors = {}
    if specialist is None and department is None:
        errors["specialist"] = _("Choose a specialist or a department to ask.")
    elif specialist is not None and department is not None:
        errors["specialist"] = _("Ask a specialist or a department, not both.")
    elif specialist is not None and not specialist.is_active:
        errors["specialist"] = _("%(name)s can no longer sign in; ask someone else.") % {
            "name": specialist
        }
    elif department is not None and not department.members.filter(is_active=True).exists():
        errors["department"] = _("%(department)s has no members who could answer.") % {
            "department": department
        }
    if not question:
        errors["question"] = _("Write the question for the expert.")
    elif len(question) > TEXT_MAX_LENGTH:
        errors["question"] = _("Keep the question to at most %(limit)d characters.") % {
            "limit": TEXT_MAX_LENGTH
        }
    if due is None:
        errors["due"] = _("Choose the date the answer is due.")
    elif due < timezone.localdate(now):
        errors["due"] = _("The due date is in the past.")
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        opinion = OpinionRequest.objects.create(
            complaint=locked,
            asked_by=by,
            asked_at=now,
            specialist=specialist,
            department=department,
            question=question,
            due=due,
        )
        record_event(
            locked,
            TimelineEntry.Kind.OPINION_REQUESTED,
            at=now,
            actor=by,
            text=question,
            request=opinion.pk,
            asked=str(opinion.asked),
            asked_kind="specialist" if specialist else "department",
            due=due.isoformat(),
        )
        with translation.override(locked.language):
            told = _("An expert is looking at your complaint. We expect news by %(date)s.") % {
                "date": formats.date_format(due, "DATE_FORMAT")
            }
        record_event(
            locked,
            TimelineEntry.Kind.OPINION_REQUESTED,
            at=now,
            actor=by,
            is_public=True,
            text=told,
            request=opinion.pk,
            due=due.isoformat(),
        )
        opinion.moved_to = None
        opinion.move_refusal = ""
        target = waiting_stage(locked, by=by) if wait else None
        if target is not None:
            with translation.override(locked.language):
                reason = _("We have asked an expert for an opinion.")
            try:
                move_complaint(
                    locked, to=target.key, by=by, now=now, seen_stage=locked.stage, reason=reason
                )
            except TransitionRefused as refusal:
                opinion.move_refusal = str(refusal)
            else:
                opinion.moved_to = target
        transaction.on_commit(
            lambda: opinion_requested.send(
                sender=OpinionRequest,
                complaint_id=locked.pk,
                request_id=opinion.pk,
                due=due,
            )
        )
    return opinion


def waiting_stage(complaint, *, by):
    """The stage waiting for a specialist that `by` may move the complaint to from its
    stage, or None (already waiting, or the process offers no such move)."""
    transitions = Transition.objects.filter(
        process=process_for(complaint),
        source__key=complaint.stage,
        target__waits_for=Stage.WaitsFor.SPECIALIST,
    ).select_related("target")
    for transition in transitions.order_by("target__position", "pk"):
        if not transition.decision_outcomes and may_take(transition, by):
            return transition.target
    return None


def may_answer(opinion, user, *, departments=None):
    """The specialist asked, a member of the department asked, or a manager.

    `departments`: the ids of `user`'s departments, when the caller has them already.
    """
    if not user.is_active:
        return False
    if user.is_manager or opinion.specialist_id == user.pk:
        return True
    if opinion.department_id is None:
        return False
    if departments is None:
        departments = set(user.departments.values_list("pk", flat=True))
    return opinion.department_id in departments


def may_cancel(opinion, user):
    return user.is_active and (user.is_manager or opinion.asked_by_id == user.pk)


def give_opinion(opinion, *, answer, by, now):
    """Answer an open request; the answer goes on the complaint's timeline (internal).

    Locks the complaint and the request: of two people answering at once, the second is
    told it was answered. Raises ValidationError or PermissionDenied, changing nothing.
    """
    if not may_answer(opinion, by):
        raise PermissionDenied(
            _("Only %(asked)s or a manager can answer this request.") % {"asked": opinion.asked}
        )
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write your opinion first.")})
    if len(answer) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "answer": _("Keep the answer to at most %(limit)d characters.")
                % {"limit": TEXT_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        complaint, locked = _lock_open(opinion)
        locked.answer = answer
        locked.answered_by = by
        locked.answered_at = now
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        record_event(
            complaint,
            TimelineEntry.Kind.OPINION_GIVEN,
            at=now,
            actor=by,
            text=answer,
            request=locked.pk,
            asked=str(locked.asked),
        )
    return locked


def _lock_open(opinion):
    """Lock the complaint, then the request; refuse a request answered or cancelled meanwhile."""
    complaint = Complaint.objects.select_for_update().get(pk=opinion.complaint_id)
    locked = (
        OpinionRequest.objects.select_for_update(of=("self",))
        .select_related("answered_by", "specialist", "department")
        .get(pk=opinion.pk)
    )
    _refuse_unless_open(locked)
    return complaint, locked


def cancel_request(opinion, *, by, now):
    """Withdraw an open request (the asker or a manager); recorded on the timeline.

    The expert no longer sees the complaint through it. Raises ValidationError or
    PermissionDenied, changing nothing.
    """
    if not may_cancel(opinion, by):
        raise PermissionDenied(_("Only the person who asked or a manager can cancel a request."))
    with transaction.atomic():
        complaint, locked = _lock_open(opinion)
        locked.cancelled_by = by
        locked.cancelled_at = now
        locked.save(update_fields=["cancelled_by", "cancelled_at"])
        # No timeline kind of its own (that needs a complaints migration): a request entry
        # marked cancelled.
        record_event(
            complaint,
            TimelineEntry.Kind.OPINION_REQUESTED,
            at=now,
            actor=by,
            request=locked.pk,
            asked=str(locked.asked),
            cancelled=True,
        )
    return locked


def _refuse_unless_open(opinion):
    if opinion.cancelled_at is not None:
        raise ValidationError(_("This request was cancelled; there is nothing to answer."))
    if opinion.answered_at is not None:
        raise ValidationError(
            _("%(name)s already answered this request.") % {"name": opinion.answered_by}
        )
