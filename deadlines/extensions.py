"""A longer legal term in a complex case (DL-2).

Some rules allow one: the Polish financial-market act, art. 8, lets a complaint take up to
60 days instead of 30 when the customer is told, before the 30 days end, why it takes longer,
what must still be established and by when they will have the answer. The Russian consumer
act, ст. 21, gives 20 days instead of 7 for a replacement that needs a quality check.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from complaints.models import Complaint, TimelineEntry
from complaints.notes import NOTE_MAX_LENGTH
from complaints.timeline import record_event
from deadlines.answers import refuse_outside_team
from deadlines.clocks import recompute, start_clocks
from deadlines.models import ComplaintClock
from notifications.answers import queue_term_extended_email


def extension_refusal(clock, *, now):
    """Why the clock's legal term cannot be extended now, or None when it can."""
    if clock is None or clock.legal_rule is None:
        return _("No legal term applies to this complaint.")
    rule = clock.legal_rule
    if not rule.extended_days:
        return _("The rule “%(rule)s” has no longer term for complex cases.") % {"rule": rule}
    if clock.legal_complex_case:
        return _("The legal term was extended already, to %(date)s.") % {
            "date": date_format(clock.legal_last_day, "DATE_FORMAT")
        }
    if clock.deemed_accepted_at is not None or clock.legal_stopped_at is not None:
        return _("The legal clock has stopped; there is no term left to extend.")
    if clock.legal_due is not None and now > clock.legal_due:
        return _(
            "The term ended on %(date)s. The law allows a longer term only when the customer "
            "is told why before the term ends."
        ) % {"date": date_format(clock.legal_last_day, "DATE_FORMAT")}
    return None


def extend_legal_term(complaint, *, by, reason, now):
    """Extend the complaint's legal term to its rule's longer one, telling the customer why.

    Locks the clock. The reason goes on the timeline as a public entry and, when we have an
    address, to the customer by e-mail through the outbox (sent after commit). Raises
    ValidationError for a missing reason or a term that cannot be extended (see
    extension_refusal), PermissionDenied for someone outside the complaint team.
    Returns the clock with its new due date.
    """
    refuse_outside_team(by)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Explain to the customer why it takes longer, what must still be "
                    "established and by when they will have the answer."
                )
            }
        )
    if len(reason) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Keep the explanation to at most %(limit)d characters.")
                % {"limit": NOTE_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        locked = Complaint.objects.select_for_update(of=("self",)).select_related("customer")
        locked = locked.get(pk=complaint.pk)
        clock = (
            ComplaintClock.objects.select_for_update(of=("self",))
            .select_related("legal_rule")
            .filter(complaint=locked)
            .first()
        ) or start_clocks(locked, now=locked.received_at)
        refusal = extension_refusal(clock, now=now)
        if refusal:
            raise ValidationError(refusal)
        before = clock.legal_last_day
        clock.legal_complex_case = True
        clock.save(update_fields=["legal_complex_case"])
        # The due date (and whatever hangs on it) is computed the one way it always is:
        # recompute() calls deadlines.legal.legal_due, now with the longer term.
        clock = recompute(locked, now=now)
        record_event(
            locked,
            TimelineEntry.Kind.DEADLINE,
            at=now,
            actor=by,
            is_public=True,
            text=reason,
            action="term_extended",
            last_day_before=before.isoformat() if before else "",
            last_day=clock.legal_last_day.isoformat(),
            rule=str(clock.legal_rule),
        )
        queue_term_extended_email(locked, reason=reason, last_day=clock.legal_last_day, now=now)
    return clock
