"""The periodic clock checker (DL-3): warns before a breach, alerts at the breach, and marks a
complaint deemed accepted when its legal term ran out unanswered.

It reads only the clocks whose stored `next_check_at` has come, through a partial index,
so a run costs the number of events due, not the number of complaints. Each event is
claimed with a conditional UPDATE of its marker (which then holds the due date it was raised
for) before anything is raised, in one transaction with the timeline entry and the alerts:
two checkers at once raise it once, a crash raises nothing, and a checker that was down
raises what it missed on its next run, each once — except a warning whose due date has
passed meanwhile: its breach is raised instead of both.
"""

import logging
from datetime import UTC

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.roles import managers_to_alert
from complaints.models import TimelineEntry
from complaints.timeline import record_event
from deadlines.models import ComplaintClock, LegalRule
from deadlines.schedule import Event, pending_events, reschedule
from notifications.alerts import alert_staff

logger = logging.getLogger(__name__)

BATCH_SIZE = 200

DEEMED_ACCEPTED = "deemed_accepted"
WARNINGS = {Event.SLA_WARNING, Event.LEGAL_WARNING}


def check_clocks(*, now, batch_size=BATCH_SIZE):
    """Raise every deadline event due by `now`; returns how many were raised."""
    raised = 0
    staff = _Staff()
    failed = set()
    while True:
        due = due_clocks(now)
        if failed:
            due = due.exclude(pk__in=failed)
        pks = list(due.values_list("pk", flat=True)[:batch_size])
        batch = due_with_complaints(pks) if pks else []
        for seen in batch:
            try:
                raised += _check_clock(seen, now=now, staff=staff)
            except Exception:
                # One broken clock (a calendar without working days) must not stop the rest;
                # it is tried again on the next run.
                logger.exception("Could not check the clock %s", seen.pk)
                failed.add(seen.pk)
        if len(pks) < batch_size:
            return raised


def due_clocks(now):
    """The clocks with an event due by `now`, soonest first: a range of the partial index
    on `next_check_at` (a run with nothing due is this one query)."""
    return ComplaintClock.objects.filter(next_check_at__lte=now).order_by("next_check_at", "pk")


def due_with_complaints(pks):
    """A batch's clocks with their complaint, owner and rule, in one query; each clock is
    then locked and read again on its own, lean, to decide what to raise."""
    clocks = ComplaintClock.objects.select_related("complaint__owner", "legal_rule").in_bulk(pks)
    return [clocks[pk] for pk in pks if pk in clocks]


def _check_clock(seen, *, now, staff):
    pk = seen.pk
    with transaction.atomic():
        clock = ComplaintClock.objects.select_for_update().filter(pk=pk).first()
        if clock is None or clock.next_check_at is None or clock.next_check_at > now:
            return 0  # Another checker, or a change of the clock, got here first.
        complaint = clock.complaint = seen.complaint
        if clock.legal_rule_id == seen.legal_rule_id:
            clock.legal_rule = seen.legal_rule
        raised = 0
        if complaint.merged_into_id is None:
            for pending in pending_events(clock):
                if pending.at > now:
                    break
                if _claim(clock, pending):
                    setattr(clock, pending.marker, pending.due)
                    if pending.event in WARNINGS and pending.due <= now:
                        # Caught up after downtime: the breach is due too and says it all;
                        # a warning "due soon" about a date already past would be noise.
                        continue
                    _raise(clock, pending, now=now, staff=staff)
                    raised += 1
            reschedule(clock)
        else:
            # The survivor carries the work; the duplicate's clock is not watched any more.
            clock.next_check_at = None
        ComplaintClock.objects.filter(pk=pk).update(
            next_check_at=clock.next_check_at, deemed_accepted_at=clock.deemed_accepted_at
        )
        return raised


def _claim(clock, pending):
    """Take the event for this checker: the marker moves to the due date only if the due
    date is still the one seen and the marker does not hold it yet."""
    rows = ComplaintClock.objects.filter(pk=clock.pk, **{pending.due_field: pending.due})
    if pending.due_field == "legal_due":
        rows = rows.filter(
            legal_stopped_at__isnull=True, deemed_accepted_at__isnull=True, stopped_at__isnull=True
        )
    else:
        rows = rows.filter(paused_since__isnull=True, stopped_at__isnull=True)
    rows = rows.exclude(**{pending.marker: pending.due})
    return rows.update(**{pending.marker: pending.due}) == 1


def _raise(clock, pending, *, now, staff):
    complaint = clock.complaint
    managers = staff.managers()
    owner = [complaint.owner] if complaint.owner and complaint.owner.is_active else []
    kind = pending.event
    if pending.event == Event.FIRST_RESPONSE_BREACH:
        recipients = managers
    elif pending.event in (Event.SLA_WARNING, Event.LEGAL_WARNING):
        recipients = owner or managers
    elif pending.event == Event.SLA_BREACH:
        recipients = managers + owner
    elif clock.legal_rule and clock.legal_rule.consequence == LegalRule.Consequence.DEEMED_ACCEPTED:
        kind = DEEMED_ACCEPTED
        recipients = managers + owner
    else:
        recipients = managers
    if kind == DEEMED_ACCEPTED:
        # The law treats it as accepted from the end of the term, whenever we noticed.
        clock.deemed_accepted_at = pending.due
        record_event(
            complaint,
            TimelineEntry.Kind.DEEMED_ACCEPTED,
            at=now,
            due=pending.due.isoformat(),
            last_day=clock.legal_last_day.isoformat() if clock.legal_last_day else "",
            rule=clock.legal_rule.name,
        )
    else:
        record_event(
            complaint, TimelineEntry.Kind.DEADLINE, at=now, action=kind, due=pending.due.isoformat()
        )
    text = alert_text(kind, complaint, clock, pending.due)
    key = f"{kind}:{complaint.pk}:{pending.due.astimezone(UTC).isoformat()}"
    seen = set()
    for recipient in recipients:
        if recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        alert_staff(recipient, kind=kind, key=key, text=text, now=now, complaint=complaint)


def alert_text(kind, complaint, clock, due):
    """The alert's words, in the company's language (settings.LANGUAGE_CODE): they are
    stored once and e-mailed, so they cannot follow each reader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        when = formats.date_format(timezone.localtime(due), "DATETIME_FORMAT")
        day = formats.date_format(clock.legal_last_day or timezone.localtime(due), "DATE_FORMAT")
        values = {"reference": complaint.reference, "due": when, "day": day}
        texts = {
            Event.FIRST_RESPONSE_BREACH: _(
                "No first response: %(reference)s needed one by %(due)s."
            ),
            Event.SLA_WARNING: _("Service level at risk: %(reference)s is due %(due)s."),
            Event.SLA_BREACH: _("Service level breached: %(reference)s was due %(due)s."),
            Event.LEGAL_WARNING: _(
                "Legal deadline near: %(reference)s must be answered by %(day)s."
            ),
            Event.LEGAL_BREACH: _(
                "Legal deadline missed: %(reference)s was not answered by %(day)s."
            ),
            DEEMED_ACCEPTED: _(
                "Deemed accepted: %(reference)s was not answered by %(day)s, "
                "so the law treats the complaint as accepted."
            ),
        }
        return texts[kind] % values


class _Staff:
    """The managers, read once per run and only when an event needs them. With no active
    manager the administrators are told, so a breach never goes to nobody."""

    def __init__(self):
        self._managers = None

    def managers(self):
        if self._managers is None:
            self._managers = managers_to_alert()
        return list(self._managers)
