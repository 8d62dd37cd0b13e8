"""The answer reaches the customer (DL-2): the decision goes out by e-mail through the outbox
or by post, and the legal clock stops at proof of delivery where the rule asks for it.

By e-mail, the proof is the customer's mail server accepting the message (the outbox's
`email_sent`); by post, or by any other proof, the date staff enter. Dates entered by staff
count as the end of that day (never later than the moment they are entered): the law counts
terms in whole days, so an answer that arrived on the last day arrived in time.
"""

import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from complaints.models import TimelineEntry
from complaints.timeline import record_event
from deadlines.calendars import default_calendar, end_of_day
from deadlines.clocks import record_answer_delivered, record_answer_sent, start_clocks
from deadlines.models import ComplaintClock
from deadlines.schedule import SCHEDULE_FIELDS, reschedule
from notifications.answers import queue_decision_email


class DeliveryMeans:
    """How a delivery date entered by staff is proven."""

    POST = "post"
    # A confirmation of receipt, a signed copy, the customer saying so on the phone.
    OTHER = "other"
    CHOICES = (POST, OTHER)


def answer_with_decision(decision, *, now):
    """Send the decision to the customer as their answer. Call inside the transaction that
    records the decision.

    With an e-mail address, the decision is queued in the outbox and the answer counts as
    sent now; its delivery stops the legal clock when the mail server accepts it. Without
    one, an internal timeline entry reminds staff to post it and record the dates.
    Returns the queued OutboundEmail, or None.
    """
    complaint = decision.complaint
    email = queue_decision_email(decision, now=now)
    if email is None:
        record_event(complaint, TimelineEntry.Kind.DEADLINE, at=now, action="answer_by_post")
        return None
    record_answer_sent(complaint, at=now)
    return email


def record_answer_posted(complaint, *, sent_on, by, now):
    """Record that the answer was sent by post on `sent_on` (a date). Public on the timeline.

    Raises ValidationError for a date in the future or before the complaint was received,
    or when the legal clock has stopped already; PermissionDenied outside the complaint team.
    """
    refuse_outside_team(by)
    calendar = default_calendar()
    _check_date(complaint, sent_on, field="sent_on", calendar=calendar, now=now)
    with transaction.atomic():
        clock = _locked_clock(complaint)
        _refuse_stopped(clock, calendar)
        at = _moment(sent_on, calendar, now=now)
        record_answer_sent(complaint, at=at)
        record_event(
            complaint,
            TimelineEntry.Kind.DEADLINE,
            at=now,
            actor=by,
            is_public=True,
            action="answer_posted",
            date=sent_on.isoformat(),
        )
    return ComplaintClock.objects.get(pk=clock.pk)


def record_answer_delivery(complaint, *, delivered_on, by, now, means=DeliveryMeans.POST):
    """Record that the answer reached the customer on `delivered_on` (a date), by post or
    another proof (for an e-mail whose acceptance we could not see): the legal clock stops.

    Raises ValidationError for a date in the future, before the complaint was received or
    before the answer was sent, when no answer was recorded as sent, or when the legal clock
    has stopped already; PermissionDenied outside the complaint team.
    """
    refuse_outside_team(by)
    if means not in DeliveryMeans.CHOICES:
        raise ValidationError({"means": _("Choose how the delivery is proven.")})
    calendar = default_calendar()
    _check_date(complaint, delivered_on, field="delivered_on", calendar=calendar, now=now)
    with transaction.atomic():
        clock = _locked_clock(complaint)
        _refuse_stopped(clock, calendar)
        if clock.answer_sent_at is None:
            raise ValidationError(
                {"delivered_on": _("Record when the answer was sent before its delivery.")}
            )
        sent_on = _local_date(clock.answer_sent_at, calendar)
        if delivered_on < sent_on:
            raise ValidationError(
                {
                    "delivered_on": _(
                        "The answer cannot have arrived before it was sent on %(date)s."
                    )
                    % {"date": date_format(sent_on, "DATE_FORMAT")}
                }
            )
        record_answer_delivered(complaint, at=_moment(delivered_on, calendar, now=now))
        record_event(
            complaint,
            TimelineEntry.Kind.DEADLINE,
            at=now,
            actor=by,
            is_public=True,
            action="answer_delivered",
            date=delivered_on.isoformat(),
            means=means,
        )
    return ComplaintClock.objects.get(pk=clock.pk)


def decision_email_accepted(email, *, at):
    """The customer's mail server accepted the decision: proof of delivery (DL-2)."""
    with transaction.atomic():
        clock = _locked_clock(email.complaint)
        if clock.legal_stopped_at is not None:
            return clock
        clock = record_answer_delivered(email.complaint, at=at)
        record_event(
            email.complaint,
            TimelineEntry.Kind.DEADLINE,
            at=at,
            action="answer_delivered",
            means="email",
            to=email.to,
        )
        return clock


def decision_email_failed(email, *, at):
    """The decision e-mail failed for good: it never left, so it is no answer. The legal
    clock runs on (a stop this e-mail made where sending is enough is undone), and the
    timeline says so, for staff to send the answer another way."""
    with transaction.atomic():
        clock = _locked_clock(email.complaint)
        queued_at = email.created_at
        if (
            clock.answer_sent_at == queued_at
            and clock.legal_stopped_at in (None, queued_at)
            and clock.deemed_accepted_at is None
        ):
            clock.answer_sent_at = clock.legal_stopped_at = None
            # The legal term is watched again (DL-3): its warning and breach are pending.
            reschedule(clock)
            clock.save(update_fields=["answer_sent_at", "legal_stopped_at", *SCHEDULE_FIELDS])
        record_event(
            email.complaint,
            TimelineEntry.Kind.DEADLINE,
            at=at,
            action="answer_email_failed",
            to=email.to,
            running=clock.legal_stopped_at is None,
        )
        return clock


def refuse_outside_team(by):
    """Specialists consulted on a complaint (WF-6) read it; the complaint team answers it."""
    if not by.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team records answers and legal terms."))


def _locked_clock(complaint):
    clock = ComplaintClock.objects.select_for_update().filter(complaint=complaint).first()
    if clock is None:
        # A complaint from before the clocks existed: start them from its receipt.
        start_clocks(complaint, now=complaint.received_at)
        clock = ComplaintClock.objects.select_for_update().get(complaint=complaint)
    return clock


def _refuse_stopped(clock, calendar):
    if clock.deemed_accepted_at is not None:
        raise ValidationError(
            _("The complaint was deemed accepted on %(date)s; the legal term is over.")
            % {"date": date_format(_local_date(clock.deemed_accepted_at, calendar), "DATE_FORMAT")}
        )
    if clock.legal_stopped_at is not None:
        raise ValidationError(
            _("The legal clock stopped on %(date)s already; there is nothing more to record.")
            % {"date": date_format(_local_date(clock.legal_stopped_at, calendar), "DATE_FORMAT")}
        )


def _check_date(complaint, day, *, field, calendar, now):
    if day is None:
        raise ValidationError({field: _("Give the date.")})
    if day > _local_date(now, calendar):
        raise ValidationError({field: _("The date cannot be in the future.")})
    received_on = _local_date(complaint.received_at, calendar)
    if day < received_on:
        raise ValidationError(
            {
                field: _("The date cannot be before the complaint was received on %(date)s.")
                % {"date": date_format(received_on, "DATE_FORMAT")}
            }
        )


def _local_date(moment, calendar):
    return moment.astimezone(zoneinfo.ZoneInfo(calendar.time_zone)).date()


def _moment(day, calendar, *, now):
    return min(end_of_day(day, calendar), now)
