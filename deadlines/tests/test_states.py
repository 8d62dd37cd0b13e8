import zoneinfo
from datetime import datetime

import pytest

from deadlines.clocks import (
    pause_sla,
    record_answer_delivered,
    record_answer_sent,
    stop_sla,
)
from deadlines.models import ComplaintClock, LegalRule
from deadlines.states import State, legal_state, sla_state

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def now():
    return warsaw(2026, 3, 2, 10, 30)  # a Monday; resolution due Monday 9 March 10:30


def sla(complaint, at):
    return sla_state(ComplaintClock.objects.get(complaint=complaint), now=at)


def legal(complaint, at):
    clock = ComplaintClock.objects.get(complaint=complaint)
    return legal_state(clock, now=at, received_at=complaint.received_at)


@pytest.mark.parametrize(
    ("at", "state", "percent"),
    [
        ((2026, 3, 3, 10, 30), State.ON_TIME, 20),
        # By Thursday 16:30, 30 of the 40 business hours are used: 75 % turns it amber.
        ((2026, 3, 5, 16, 30), State.AT_RISK, 75),
        ((2026, 3, 9, 10, 31), State.BREACHED, 100),
    ],
)
def test_service_clock_states(register, at, state, percent):
    complaint = register()
    result = sla(complaint, warsaw(*at))
    assert (result.state, result.percent) == (state, percent)


def test_a_paused_service_clock_is_paused_not_at_risk(register):
    complaint = register()
    pause_sla(complaint, now=warsaw(2026, 3, 3, 10, 30))
    result = sla(complaint, warsaw(2026, 3, 20, 9))
    assert (result.state, result.percent) == (State.PAUSED, 20)


def test_a_stopped_service_clock_is_met_or_breached(register):
    on_time, late = register(), register()
    stop_sla(on_time, now=warsaw(2026, 3, 6, 9))
    stop_sla(late, now=warsaw(2026, 3, 10, 9))
    assert sla(on_time, warsaw(2026, 4, 1, 9)).state == State.MET
    assert sla(late, warsaw(2026, 4, 1, 9)).state == State.BREACHED


def test_legal_clock_states(register):
    complaint = register()  # Polish consumer rule: last day Monday 16 March
    assert legal(complaint, warsaw(2026, 3, 5, 9)).state == State.ON_TIME
    assert legal(complaint, warsaw(2026, 3, 13, 9)).state == State.AT_RISK
    assert legal(complaint, warsaw(2026, 3, 16, 23, 59)).state == State.AT_RISK
    assert legal(complaint, warsaw(2026, 3, 17, 0, 0)).state == State.BREACHED


def test_polish_consumer_answer_sent_but_not_delivered_is_at_risk(register):
    complaint = register()
    clock = record_answer_sent(complaint, at=warsaw(2026, 3, 4, 9))
    assert clock.legal_stopped_at is None
    assert legal(complaint, warsaw(2026, 3, 4, 10)).state == State.AT_RISK

    clock = record_answer_delivered(complaint, at=warsaw(2026, 3, 5, 9))
    assert clock.legal_stopped_at == warsaw(2026, 3, 5, 9)
    assert clock.answer_sent_at == warsaw(2026, 3, 4, 9)
    assert legal(complaint, warsaw(2026, 4, 1, 9)).state == State.MET


def test_delivery_after_the_last_day_is_a_breach(register):
    complaint = register()
    record_answer_sent(complaint, at=warsaw(2026, 3, 16, 20))
    record_answer_delivered(complaint, at=warsaw(2026, 3, 17, 8))
    assert legal(complaint, warsaw(2026, 4, 1, 9)).state == State.BREACHED


def test_where_sending_is_enough_the_legal_clock_stops_at_sending(register):
    complaint = register()
    clock = complaint.clock
    clock.legal_rule = LegalRule.objects.get(jurisdiction="PL", subject="financial")
    clock.save()
    clock = record_answer_sent(complaint, at=warsaw(2026, 3, 4, 9))
    assert clock.legal_stopped_at == warsaw(2026, 3, 4, 9)
    assert legal(complaint, warsaw(2026, 4, 1, 9)).state == State.MET
