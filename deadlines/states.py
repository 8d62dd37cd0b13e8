"""How a clock stands at a moment: on time, at risk, breached (DL-3 colours), for the desk."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from deadlines.calendars import business_time_between, default_calendar
from deadlines.models import LegalRule

DEFAULT_WARN_AT_PERCENT = 75


class State(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    DEEMED_ACCEPTED = "deemed_accepted", _("Deemed accepted")


@dataclass(frozen=True)
class ClockState:
    state: State
    due: datetime
    # Share of the time used, 0-100 (more once breached).
    percent: int


def sla_state(clock, *, now):
    """The service clock's state, or None when no policy applies."""
    if clock.policy is None or clock.resolution_due is None:
        return None
    due = clock.resolution_due
    if clock.stopped_at is not None:
        return ClockState(
            State.MET if clock.stopped_at <= due else State.BREACHED, due, _percent_sla(clock)
        )
    at = clock.paused_since or now
    percent = _percent_sla(clock, at=at)
    if at > due:
        return ClockState(State.BREACHED, due, percent)
    if clock.paused_since is not None:
        return ClockState(State.PAUSED, due, percent)
    warn_at = clock.policy.warn_at_percent
    return ClockState(State.AT_RISK if percent >= warn_at else State.ON_TIME, due, percent)


def legal_state(clock, *, now, received_at):
    """The legal clock's state, or None when no rule applies. An answer sent but not yet
    delivered, under a rule that needs delivery, is at risk."""
    if clock.legal_rule is None or clock.legal_due is None:
        return None
    due = clock.legal_due
    if clock.deemed_accepted_at is not None:
        return ClockState(State.DEEMED_ACCEPTED, due, 100)
    at = clock.legal_stopped_at or now
    percent = _percent(at - received_at, due - received_at)
    if clock.legal_stopped_at is not None:
        return ClockState(State.MET if at <= due else State.BREACHED, due, percent)
    if now > due:
        return ClockState(State.BREACHED, due, percent)
    waiting_for_delivery = (
        clock.answer_sent_at is not None and clock.legal_rule.stops_at == LegalRule.StopsAt.DELIVERY
    )
    if waiting_for_delivery or percent >= DEFAULT_WARN_AT_PERCENT:
        return ClockState(State.AT_RISK, due, percent)
    return ClockState(State.ON_TIME, due, percent)


def _percent_sla(clock, *, at=None):
    at = at or clock.stopped_at
    calendar = clock.calendar or default_calendar()
    used = business_time_between(clock.sla_started_at, at, calendar) - clock.paused_total
    return _percent(used, clock.policy.resolution_time)


def _percent(used, total):
    if total <= timedelta():
        return 100
    return max(0, int(used / total * 100))
