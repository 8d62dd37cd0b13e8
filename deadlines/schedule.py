"""Which deadline events of a clock (DL-3) are still to be raised, and when.

Every place that sets a due date calls `reschedule()` before saving the clock, so the stored
`next_check_at` always names the earliest event still to be raised; the checker reads only
the rows whose `next_check_at` has come. An event is pending while its "done" marker does
not hold the due date it is about: a due date that moves is raised again, once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from deadlines.calendars import add_business_time

# The legal term's warning share is the desk's "at risk" share; the service level's comes
# from its policy.
from deadlines.states import DEFAULT_WARN_AT_PERCENT as LEGAL_WARN_AT_PERCENT


class Event:
    FIRST_RESPONSE_BREACH = "first_response_breach"
    SLA_WARNING = "sla_warning"
    SLA_BREACH = "sla_breach"
    LEGAL_WARNING = "legal_warning"
    LEGAL_BREACH = "legal_breach"


# The clock field that remembers, per event, the due date it was raised for.
MARKERS = {
    Event.FIRST_RESPONSE_BREACH: "first_response_breach_alerted_for",
    Event.SLA_WARNING: "sla_warned_for",
    Event.SLA_BREACH: "sla_breach_alerted_for",
    Event.LEGAL_WARNING: "legal_warned_for",
    Event.LEGAL_BREACH: "legal_breach_handled_for",
}

# The clock field holding the due date each event is about.
DUE_FIELDS = {
    Event.FIRST_RESPONSE_BREACH: "first_response_due",
    Event.SLA_WARNING: "resolution_due",
    Event.SLA_BREACH: "resolution_due",
    Event.LEGAL_WARNING: "legal_due",
    Event.LEGAL_BREACH: "legal_due",
}

SCHEDULE_FIELDS = ["sla_warn_at", "legal_warn_at", "next_check_at"]


@dataclass(frozen=True)
class Pending:
    event: str
    # When it falls due.
    at: datetime
    # The due date it is about, which its marker will hold once raised.
    due: datetime

    @property
    def marker(self):
        return MARKERS[self.event]

    @property
    def due_field(self):
        return DUE_FIELDS[self.event]


def sla_running(clock):
    return clock.stopped_at is None and clock.paused_since is None


def legal_running(clock):
    # A closed complaint (its service clock stopped) is not watched either: its answer went
    # out with the decision. Reopening it starts the service clock, and this, again.
    return (
        clock.legal_due is not None
        and clock.stopped_at is None
        and clock.legal_stopped_at is None
        and clock.deemed_accepted_at is None
    )


def pending_events(clock):
    """The events of `clock` not yet raised for its current due dates, soonest first.

    A paused or stopped service clock has none of its own; the legal clock never pauses
    (DL-2), so its events stay pending while we wait for the customer, until the answer
    reached the customer or the complaint is closed.
    """
    events = []
    if sla_running(clock):
        due = clock.first_response_due
        if (
            due
            and clock.first_responded_at is None
            and clock.first_response_breach_alerted_for != due
        ):
            events.append(Pending(Event.FIRST_RESPONSE_BREACH, due, due))
        due = clock.resolution_due
        if due and clock.sla_warn_at and clock.sla_warned_for != due:
            events.append(Pending(Event.SLA_WARNING, min(clock.sla_warn_at, due), due))
        if due and clock.sla_breach_alerted_for != due:
            events.append(Pending(Event.SLA_BREACH, due, due))
    if legal_running(clock):
        due = clock.legal_due
        if clock.legal_warn_at and clock.legal_warned_for != due:
            events.append(Pending(Event.LEGAL_WARNING, min(clock.legal_warn_at, due), due))
        if clock.legal_breach_handled_for != due:
            events.append(Pending(Event.LEGAL_BREACH, due, due))
    return sorted(events, key=lambda pending: pending.at)


def next_check_at(clock):
    events = pending_events(clock)
    return events[0].at if events else None


def reschedule(clock):
    """Set `next_check_at` from the clock's due dates and markers (not saved)."""
    clock.next_check_at = next_check_at(clock)
    return clock


def sla_warn_at(clock, calendar):
    """The moment the policy's warn share of the resolution time is used up, counted in
    business time like the due date itself (so the pause moves it the same way)."""
    policy = clock.policy
    if policy is None or clock.resolution_due is None:
        return None
    # Hours, not the model's property: the migration that filled this in has no properties.
    share = timedelta(hours=policy.resolution_hours) * min(policy.warn_at_percent, 100) / 100
    return add_business_time(clock.sla_started_at, share + clock.paused_total, calendar)


def legal_warn_at(received_at, legal_due):
    """The moment the warn share of the legal term has passed, in elapsed time."""
    if legal_due is None:
        return None
    return received_at + (legal_due - received_at) * LEGAL_WARN_AT_PERCENT / 100
