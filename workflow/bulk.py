"""Bulk actions (WF-10): one action on many complaints, for the desk or any other channel.

Each complaint goes through the same domain function as a single one would, in its own
transaction, so one refusal changes nothing on that complaint and does not stop the rest.
Every id given comes back with an outcome: done, or refused with the reason. Nothing is
skipped silently.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from complaints.classification import add_tags
from complaints.ownership import AlreadyOwned, assign_complaint, take_complaint
from complaints.queries import visible_complaints
from workflow.steps import take_step
from workflow.transitions import TransitionRefused

MAX_ITEMS = 200

# What a domain function raises when it refuses; anything else is a bug and propagates.
REFUSALS = (TransitionRefused, AlreadyOwned, PermissionDenied, ValidationError)


@dataclass(frozen=True)
class Outcome:
    pk: int
    reference: str  # empty when the user may not see the complaint
    done: bool
    message: str = ""

    @property
    def label(self):
        return self.reference or _("Complaint #%(id)s") % {"id": self.pk}


@dataclass(frozen=True)
class BulkResult:
    outcomes: list

    @property
    def done(self):
        return [outcome for outcome in self.outcomes if outcome.done]

    @property
    def refused(self):
        return [outcome for outcome in self.outcomes if not outcome.done]


def move_complaints(ids, *, to, by, now, seen_stages=None, reason=""):
    """Move each complaint to stage `to` through take_step() (a move to a stage that waits
    for the customer asks them, with the reason as the question). `seen_stages` maps an id
    to the stage the user saw it in; a complaint moved meanwhile is refused as stale."""
    seen_stages = seen_stages or {}
    return _each(
        ids,
        by=by,
        action=lambda complaint: take_step(
            complaint,
            to=to,
            by=by,
            now=now,
            seen_stage=seen_stages.get(complaint.pk),
            reason=reason,
        ),
    )


def assign_complaints(ids, *, to, by, now):
    """Assign each complaint to `to` (None: the shared queue) through assign_complaint()."""
    return _each(
        ids, by=by, action=lambda complaint: assign_complaint(complaint, to=to, by=by, now=now)
    )


def take_complaints(ids, *, by, now):
    """`by` takes each complaint through take_complaint(); one someone owns is refused."""
    return _each(ids, by=by, action=lambda complaint: take_complaint(complaint, agent=by, now=now))


def tag_complaints(ids, *, names, by, now):
    """Add the tags `names` to each complaint through add_tags()."""
    if not any(name.strip() for name in names):
        raise ValidationError(_("Give at least one tag to add."))
    return _each(
        ids, by=by, action=lambda complaint: add_tags(complaint, names=names, by=by, now=now)
    )


def _each(ids, *, by, action):
    ids = list(dict.fromkeys(ids))  # once each, in the order given
    if not ids:
        raise ValidationError(_("Choose at least one complaint."))
    if len(ids) > MAX_ITEMS:
        raise ValidationError(
            _("Choose at most %(max)d complaints at once (you chose %(count)d).")
            % {"max": MAX_ITEMS, "count": len(ids)}
        )
    visible = visible_complaints(by).filter(pk__in=ids).in_bulk()
    outcomes = []
    for pk in ids:
        complaint = visible.get(pk)
        if complaint is None:
            # Not told apart from a complaint that does not exist: no leak of others' queues.
            outcomes.append(
                Outcome(pk, "", done=False, message=_("Not found, or not yours to see."))
            )
            continue
        try:
            action(complaint)  # the domain function commits or rolls back on its own
        except REFUSALS as refusal:
            outcomes.append(Outcome(pk, complaint.reference, done=False, message=_why(refusal)))
        else:
            outcomes.append(Outcome(pk, complaint.reference, done=True))
    return BulkResult(outcomes)


def _why(refusal):
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)
