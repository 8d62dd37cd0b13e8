"""The two clocks of a complaint (DL-1, DL-2): start, pause, resume, stop and recompute.

The service clock counts business time of its policy's calendar and pauses while we wait
for the customer; its due dates are the start plus the targets plus the business time
spent paused, so they can always be computed again from stored facts. The legal clock counts
calendar days from receipt and never pauses. Every function locks the clock row inside its
own transaction; time is passed in as `now`.
"""

from datetime import timedelta

from django.db import transaction

from complaints.models import ComplaintType
from deadlines.calendars import add_business_time, business_time_between, default_calendar
from deadlines.defaults import create_defaults
from deadlines.legal import legal_due, rule_for
from deadlines.models import (
    Calendar,
    ComplaintClock,
    CustomerType,
    LegalProfile,
    LegalRule,
    SlaPolicy,
)
from deadlines.policies import policy_for
from deadlines.schedule import SCHEDULE_FIELDS, legal_warn_at, reschedule, sla_warn_at

GOODS_TYPES = {ComplaintType.PRODUCT, ComplaintType.DELIVERY}


def customer_type_of(complaint):
    """The customer's type (consumer unless staff or the form said business)."""
    return complaint.customer.customer_type or CustomerType.CONSUMER


def subject_of(complaint):
    """What the legal rules call the subject: financial services when the company is a
    financial-market entity (its legal profile says so), else goods for a faulty product or
    a delivery and services otherwise."""
    if LegalProfile.current().financial_market_entity:
        return LegalRule.Subject.FINANCIAL
    if complaint.type in GOODS_TYPES:
        return LegalRule.Subject.GOODS
    return LegalRule.Subject.SERVICES


def start_clocks(complaint, *, now):
    """Start both clocks of a new complaint (the legal one from its receipt), or start the
    service clock afresh after it was stopped; resumes a paused one. Returns the clock."""
    with transaction.atomic():
        clock = ComplaintClock.objects.select_for_update().filter(complaint=complaint).first()
        if clock is None:
            _ship_defaults_to_an_empty_database()
            clock = ComplaintClock(complaint=complaint, sla_started_at=now)
            _apply_policy(clock, complaint)
            _apply_legal_rule(clock, complaint)
            reschedule(clock)
            clock.save()
            return clock
        if clock.stopped_at is not None:
            clock.sla_started_at = now
            clock.stopped_at = None
            clock.paused_since = None
            clock.first_responded_at = None
            clock.paused_total = timedelta()
            _apply_policy(clock, complaint)
            reschedule(clock)
            clock.save()
            return clock
        if clock.paused_since is not None:
            return _resume(clock, now=now)
        return clock


def pause_sla(complaint, *, now):
    """Pause the service clock (waiting for the customer); the legal clock runs on."""
    with transaction.atomic():
        clock = _locked_clock(complaint)
        if clock.stopped_at is None and clock.paused_since is None:
            clock.paused_since = now
            reschedule(clock)
            clock.save(update_fields=["paused_since", *SCHEDULE_FIELDS])
        return clock


def resume_sla(complaint, *, now):
    """Resume a paused service clock: the due dates move by the business time paused."""
    with transaction.atomic():
        clock = _locked_clock(complaint)
        if clock.paused_since is None:
            return clock
        return _resume(clock, now=now)


def stop_sla(complaint, *, now):
    """Stop the service clock (the complaint is closed or rejected)."""
    with transaction.atomic():
        clock = _locked_clock(complaint)
        if clock.stopped_at is not None:
            return clock
        if clock.paused_since is not None:
            clock.paused_total += _paused_for(clock, until=now)
            clock.paused_since = None
        clock.stopped_at = now
        reschedule(clock)
        clock.save(update_fields=["paused_total", "paused_since", "stopped_at", *SCHEDULE_FIELDS])
        return clock


def recompute(complaint, *, now):
    """Pick the policy and the legal rule again after the category, priority or type changed,
    and recompute the due dates. A stopped clock keeps what it had."""
    with transaction.atomic():
        clock = _locked_clock(complaint)
        complaint.refresh_from_db(fields=["category", "priority", "type", "requested_remedy"])
        if clock.stopped_at is None:
            _apply_policy(clock, complaint)
        if clock.legal_stopped_at is None and clock.deemed_accepted_at is None:
            _apply_legal_rule(clock, complaint)
        reschedule(clock)
        clock.save()
        return clock


def record_answer_sent(complaint, *, at):
    """The answer left us. It stops the legal clock where sending is enough (e.g. the Polish
    financial-market act, art. 7); where the answer must reach the customer it does not."""
    with transaction.atomic():
        clock = _locked_clock(complaint)
        if clock.answer_sent_at is None:
            clock.answer_sent_at = at
        rule = clock.legal_rule
        if clock.legal_stopped_at is None and (
            rule is None or rule.stops_at == LegalRule.StopsAt.SENDING
        ):
            clock.legal_stopped_at = at
        reschedule(clock)
        clock.save(update_fields=["answer_sent_at", "legal_stopped_at", *SCHEDULE_FIELDS])
        return clock


def record_answer_delivered(complaint, *, at):
    """The answer reached the customer (a mail server accepted it, or staff entered the
    postal delivery date): the legal clock stops (Polish civil code art. 61 § 1)."""
    with transaction.atomic():
        clock = _locked_clock(complaint)
        if clock.answer_sent_at is None:
            clock.answer_sent_at = at
        if clock.legal_stopped_at is None:
            clock.legal_stopped_at = at
        reschedule(clock)
        clock.save(update_fields=["answer_sent_at", "legal_stopped_at", *SCHEDULE_FIELDS])
        return clock


def record_first_response(complaint, *, at):
    """The first thing staff told the customer (see deadlines.receivers): the first-response
    target is met or missed now, and its breach is no longer pending. Later ones change
    nothing."""
    with transaction.atomic():
        clock = _locked_clock(complaint)
        if clock.first_responded_at is not None:
            return clock
        clock.first_responded_at = at
        reschedule(clock)
        clock.save(update_fields=["first_responded_at", *SCHEDULE_FIELDS])
        return clock


def apply_stage_clock(complaint, action, *, now):
    """What entering a stage does to the service clock (workflow Stage.clock): start, pause
    or stop; any other stage ends a pause, and starts a stopped clock again (a reopened
    complaint is worked on again)."""
    if action == "pause":
        return pause_sla(complaint, now=now)
    if action == "stop":
        return stop_sla(complaint, now=now)
    return start_clocks(complaint, now=now)


def _ship_defaults_to_an_empty_database():
    # As workflow.queries.default_process does: a database emptied of data (`flush`, a
    # live-server test) gets the shipped policy and rules back. An admin who wants none
    # switches them off rather than deleting every one.
    if not SlaPolicy.objects.exists() and not LegalRule.objects.exists():
        create_defaults(Calendar, LegalRule, SlaPolicy)


def _locked_clock(complaint):
    clock = ComplaintClock.objects.select_for_update().filter(complaint=complaint).first()
    if clock is None:
        # A complaint from before the clocks existed: count from its receipt.
        start_clocks(complaint, now=complaint.received_at)
        clock = ComplaintClock.objects.select_for_update().get(complaint=complaint)
    return clock


def _resume(clock, *, now):
    clock.paused_total += _paused_for(clock, until=now)
    clock.paused_since = None
    _set_sla_dues(clock)
    reschedule(clock)
    clock.save()
    return clock


def _paused_for(clock, *, until):
    return max(business_time_between(clock.paused_since, until, _calendar(clock)), timedelta())


def _calendar(clock):
    if clock.calendar_id is None:
        clock.calendar = default_calendar()
    return clock.calendar


def _apply_policy(clock, complaint):
    clock.policy = policy_for(
        complaint.category_id, complaint.priority, customer_type_of(complaint)
    )
    clock.calendar = (clock.policy and clock.policy.calendar) or default_calendar()
    _set_sla_dues(clock)


def _set_sla_dues(clock):
    if clock.policy is None:
        clock.first_response_due = clock.resolution_due = clock.sla_warn_at = None
        return
    calendar = _calendar(clock)
    start, paused = clock.sla_started_at, clock.paused_total
    clock.first_response_due = add_business_time(
        start, clock.policy.first_response_time + paused, calendar
    )
    clock.resolution_due = add_business_time(start, clock.policy.resolution_time + paused, calendar)
    clock.sla_warn_at = sla_warn_at(clock, calendar)


def _apply_legal_rule(clock, complaint):
    # The legal term runs in the company's jurisdiction, on its default calendar.
    calendar = default_calendar()
    clock.legal_rule = rule_for(
        calendar.country,
        customer_type_of(complaint),
        subject_of(complaint),
        complaint.requested_remedy,
    )
    if clock.legal_rule is None:
        clock.legal_last_day = clock.legal_due = clock.legal_warn_at = None
        return
    due = legal_due(
        complaint.received_at, clock.legal_rule, calendar, complex_case=clock.legal_complex_case
    )
    clock.legal_last_day, clock.legal_due = due.last_day, due.ends_at
    clock.legal_warn_at = legal_warn_at(complaint.received_at, clock.legal_due)
