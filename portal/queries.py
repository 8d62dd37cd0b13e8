"""What the tracking page reads of a complaint: only the public part (PO-1)."""

from dataclasses import dataclass
from datetime import datetime

from customfields.models import AttributeValue
from deadlines.models import ComplaintClock
from workflow.models import Decision


def customer_attachments(complaint):
    """The complaint's files the customer may see: not staff-only, and not the answer to a
    custom field only staff see."""
    staff_only_files = AttributeValue.objects.filter(
        complaint=complaint,
        definition__visible_to_customer=False,
        attachment__isnull=False,
    ).values("attachment_id")
    return complaint.attachments.filter(is_internal=False).exclude(pk__in=staff_only_files)


def public_timeline(complaint):
    """The entries the customer may read, oldest first; never who on our side wrote them."""
    return complaint.timeline.filter(is_public=True).only(
        "kind", "created_at", "text", "data", "is_public", "complaint_id"
    )


def latest_decision(complaint):
    return Decision.objects.filter(complaint=complaint).order_by("decided_at", "pk").last()


@dataclass(frozen=True)
class Expectation:
    """When the customer may expect a decision, in words the tracking page chooses by `kind`:
    decided, deemed_accepted, due (by `at`), late (was due `at`), or unknown."""

    kind: str
    at: datetime | None = None
    is_legal: bool = False


def expected_decision(complaint, *, now, decision=None, is_final=False):
    """The earlier of the two promises we made: the legal deadline (DL-2) and the service
    level's resolution due date (DL-1); a clock already stopped promises nothing more."""
    if decision is not None:
        return Expectation("decided", decision.decided_at)
    clock = ComplaintClock.objects.filter(complaint=complaint).first()
    if clock is not None and clock.deemed_accepted_at is not None:
        return Expectation("deemed_accepted", clock.deemed_accepted_at, is_legal=True)
    if is_final or clock is None:
        return Expectation("unknown")
    promises = []
    if clock.legal_due is not None and clock.legal_stopped_at is None:
        promises.append((clock.legal_due, True))
    if clock.resolution_due is not None and clock.stopped_at is None and clock.paused_since is None:
        promises.append((clock.resolution_due, False))
    if not promises:
        return Expectation("unknown")
    at, is_legal = min(promises, key=lambda promise: promise[0])
    return Expectation("late" if at < now else "due", at, is_legal=is_legal)
