"""Putting a complaint right (WF-4): the actions a remedy needs, each tracked to done.

Recording an accepted decision creates the remedy's default actions; staff add their own,
mark them done or reopen them. A transition that requires it (Resolution → Closed by
default) waits until every action is done.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from complaints.models import Complaint, TimelineEntry
from complaints.timeline import record_event
from workflow.models import Decision, ResolutionAction
from workflow.verification import refuse_in_final_stage, refuse_outside_team

ACTION_MAX_LENGTH = ResolutionAction._meta.get_field("text").max_length

DEFAULT_ACTIONS = {
    Decision.Remedy.REFUND: gettext_noop("Refund of %(amount)s %(currency)s paid"),
    Decision.Remedy.REPLACEMENT: gettext_noop("Replacement shipped"),
    Decision.Remedy.REPAIR: gettext_noop("Repair done"),
    Decision.Remedy.PRICE_REDUCTION: gettext_noop(
        "Price reduction of %(amount)s %(currency)s paid"
    ),
    Decision.Remedy.VOUCHER: gettext_noop("Voucher sent"),
    Decision.Remedy.GIFT: gettext_noop("Gift sent"),
    Decision.Remedy.OTHER: gettext_noop("Remedy carried out"),
}


def default_action_texts(decision, *, language):
    """What the decision's remedy needs done, in `language`: a done action is public, and
    the customer reads it in theirs."""
    template = DEFAULT_ACTIONS.get(decision.remedy)
    if decision.outcome == Decision.Outcome.REJECTED or template is None:
        return []
    with translation.override(language):
        return [
            _(template)
            % {
                "amount": f"{decision.amount:.2f}" if decision.amount is not None else "",
                "currency": decision.currency,
            }
        ]


def create_default_actions(decision, *, by, now):
    """Create the actions of the decision's remedy. Call it inside the decision's transaction."""
    complaint = decision.complaint
    return [
        _create(complaint, text=text, by=by, now=now, decision=decision)
        for text in default_action_texts(decision, language=complaint.language)
    ]


def open_actions(complaint):
    """The complaint's resolution actions not done yet, in order."""
    return list(complaint.resolution_actions.filter(done_at__isnull=True))


def add_action(complaint, *, text, by, now):
    """Add an action of the complaint's own; recorded on the timeline (internal).

    Locks the complaint's row. Raises ValidationError for empty or overlong text and for a
    complaint in a final stage.
    """
    refuse_outside_team(by)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Say what has to be done.")})
    if len(text) > ACTION_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep an action to at most %(limit)d characters.")
                % {"limit": ACTION_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        refuse_in_final_stage(locked, _("Reopen the complaint to add actions."))
        return _create(locked, text=text, by=by, now=now)


def complete_action(action, *, by, now):
    """Mark the action done. The timeline entry is public: the customer reads "Refund paid".

    Locks the complaint's row; raises ValidationError when the action is done already or the
    complaint is in a final stage.
    """
    refuse_outside_team(by)
    with transaction.atomic():
        locked, action = _lock(action)
        refuse_in_final_stage(locked, _("Reopen the complaint to change its actions."))
        if action.done_at is not None:
            raise ValidationError(
                _("“%(action)s” was marked done already by %(user)s.")
                % {"action": action.text, "user": action.done_by}
            )
        action.done_by = by
        action.done_at = now
        action.save(update_fields=["done_by", "done_at"])
        _record(locked, action, change="done", by=by, now=now)
    return action


def reopen_action(action, *, by, now):
    """Mark a done action as not done after all. Public, as the "done" it takes back was.

    Locks the complaint's row; raises ValidationError when the action is not done or the
    complaint is in a final stage.
    """
    refuse_outside_team(by)
    with transaction.atomic():
        locked, action = _lock(action)
        refuse_in_final_stage(locked, _("Reopen the complaint to change its actions."))
        if action.done_at is None:
            raise ValidationError(
                _("“%(action)s” is not done, so it cannot be reopened.") % {"action": action.text}
            )
        action.done_by = None
        action.done_at = None
        action.save(update_fields=["done_by", "done_at"])
        _record(locked, action, change="reopened", by=by, now=now)
    return action


def _lock(action):
    locked = Complaint.objects.select_for_update().get(pk=action.complaint_id)
    return locked, ResolutionAction.objects.select_related("done_by").get(pk=action.pk)


def _create(complaint, *, text, by, now, decision=None):
    last = complaint.resolution_actions.aggregate(Max("position"))["position__max"] or 0
    action = ResolutionAction.objects.create(
        complaint=complaint,
        decision=decision,
        text=text,
        position=last + 1,
        created_by=by,
        created_at=now,
    )
    _record(complaint, action, change="added", by=by, now=now)
    return action


def _record(complaint, action, *, change, by, now):
    record_event(
        complaint,
        TimelineEntry.Kind.ACTION,
        at=now,
        actor=by,
        is_public=change != "added",
        text=action.text,
        action_id=action.pk,
        change=change,
    )
