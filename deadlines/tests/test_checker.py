"""The periodic checker (DL-3), with time moved by the tests: each warning once, none missed."""

import threading
import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection

from accounts.models import Role
from complaints.merging import merge_complaint
from complaints.models import Complexity, Priority, TimelineEntry
from complaints.notes import add_note
from complaints.ownership import take_complaint
from conftest import make_staff
from deadlines.checker import check_clocks
from deadlines.clocks import (
    pause_sla,
    record_answer_delivered,
    record_answer_sent,
    resume_sla,
    start_clocks,
    stop_sla,
)
from deadlines.models import ComplaintClock, LegalRule, SlaPolicy
from deadlines.tasks import check_clocks_task
from notifications.models import OutboundEmail, StaffAlert
from notifications.outbox import deliver_email
from workflow.categories import reclassify
from workflow.transitions import move_complaint

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def now():
    return warsaw(2026, 3, 2, 10, 30)  # a Monday


@pytest.fixture(autouse=True)
def managers_address(manager):
    manager.email = "maria@reklamo.example"
    manager.save()


def alerts(kind, **filters):
    return StaffAlert.objects.filter(kind=kind, **filters)


def deadline_events(complaint):
    return [
        entry.data["action"]
        for entry in complaint.timeline.filter(kind=TimelineEntry.Kind.DEADLINE).order_by("pk")
    ]


def every_minute(start, minutes):
    for minute in range(minutes):
        check_clocks(now=start + timedelta(minutes=minute))


def test_the_warning_at_75_percent_is_sent_once_however_often_the_checker_runs(
    register, agent, manager, now
):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    clock = ComplaintClock.objects.get()
    # 30 of the 40 business hours: Monday 6.5 h, Tuesday and Wednesday 8 h, Thursday 7.5 h.
    assert clock.sla_warn_at == warsaw(2026, 3, 5, 16, 30)

    check_clocks(now=warsaw(2026, 3, 5, 16, 29))
    assert not alerts("sla_warning").exists()

    every_minute(warsaw(2026, 3, 5, 16, 30), 90)

    [warning] = alerts("sla_warning")
    assert warning.recipient == agent
    assert warning.complaint == complaint
    assert "at risk" in warning.text and complaint.reference in warning.text
    assert deadline_events(complaint).count("sla_warning") == 1
    entry = complaint.timeline.get(kind=TimelineEntry.Kind.DEADLINE, data__action="sla_warning")
    assert not entry.is_public and entry.actor is None
    assert ComplaintClock.objects.get().sla_warned_for == clock.resolution_due


def test_without_an_owner_the_warning_goes_to_the_managers(register, manager, agent, now):
    register()
    check_clocks(now=warsaw(2026, 3, 5, 17))
    assert [a.recipient for a in alerts("sla_warning")] == [manager]


def test_a_friday_afternoon_complaint_breaches_after_the_weekend(register, agent, manager):
    complaint = register(received_at=warsaw(2026, 3, 6, 15))
    take_complaint(complaint, agent=agent, now=warsaw(2026, 3, 6, 15))
    clock = ComplaintClock.objects.get()
    # 2 h on Friday, nothing on Saturday and Sunday, 32 h Monday to Thursday, 6 h on Friday.
    assert clock.resolution_due == warsaw(2026, 3, 13, 15)

    for day in (7, 8):  # the weekend
        check_clocks(now=warsaw(2026, 3, day, 23))
    assert not alerts("sla_breach").exists()

    check_clocks(now=warsaw(2026, 3, 13, 14, 59))
    assert alerts("sla_warning").count() == 1
    assert not alerts("sla_breach").exists()

    check_clocks(now=warsaw(2026, 3, 13, 15))
    check_clocks(now=warsaw(2026, 3, 16, 9))
    assert {a.recipient for a in alerts("sla_breach")} == {manager, agent}
    assert deadline_events(complaint).count("sla_breach") == 1


def test_a_polish_public_holiday_is_not_counted(register, manager):
    # Wednesday 11 November 2026 is Independence Day.
    register(received_at=warsaw(2026, 11, 10, 10))
    clock = ComplaintClock.objects.get()
    # Tuesday 7 h, Thursday and Friday 16 h, Monday and Tuesday 16 h, Wednesday 1 h.
    assert clock.resolution_due == warsaw(2026, 11, 18, 10)

    check_clocks(now=warsaw(2026, 11, 17, 10, 1))  # when it would be due counting the holiday
    assert not alerts("sla_breach").exists()
    check_clocks(now=warsaw(2026, 11, 18, 10))
    assert alerts("sla_breach").count() == 1


@pytest.mark.parametrize(
    "received, due, due_utc",
    [
        # Summer time starts on Sunday 29 March 2026: 17:00 is 15:00 UTC after it.
        (warsaw(2026, 3, 27, 9), warsaw(2026, 4, 2, 17), datetime(2026, 4, 2, 15, tzinfo=UTC)),
        # It ends on Sunday 25 October 2026: 17:00 is 16:00 UTC after it.
        (warsaw(2026, 10, 23, 9), warsaw(2026, 10, 29, 17), datetime(2026, 10, 29, 16, tzinfo=UTC)),
    ],
)
def test_a_daylight_saving_change_keeps_the_working_hours(
    register, manager, received, due, due_utc
):
    register(received_at=received)
    clock = ComplaintClock.objects.get()
    assert clock.resolution_due == due == due_utc

    check_clocks(now=due_utc - timedelta(minutes=1))
    assert not alerts("sla_breach").exists()
    check_clocks(now=due_utc)
    assert alerts("sla_breach").count() == 1


def test_a_pause_moves_the_warning_and_it_is_raised_once_for_the_new_due(register, manager, now):
    complaint = register()
    pause_sla(complaint, now=warsaw(2026, 3, 4, 9))
    assert ComplaintClock.objects.get().next_check_at > warsaw(2026, 3, 5, 17)  # legal only

    # The old warning time passes while we wait for the customer: nothing is raised.
    check_clocks(now=warsaw(2026, 3, 5, 17))
    check_clocks(now=warsaw(2026, 3, 6, 17))
    assert not alerts("sla_warning").exists()

    resume_sla(complaint, now=warsaw(2026, 3, 9, 9))  # three working days later
    clock = ComplaintClock.objects.get()
    assert clock.sla_warn_at == warsaw(2026, 3, 10, 16, 30)
    assert clock.resolution_due == warsaw(2026, 3, 12, 10, 30)

    check_clocks(now=warsaw(2026, 3, 10, 16, 29))
    assert not alerts("sla_warning").exists()
    every_minute(warsaw(2026, 3, 10, 16, 30), 30)
    [warning] = alerts("sla_warning")
    assert warning.key.endswith(clock.resolution_due.astimezone(UTC).isoformat())


def test_a_due_date_moved_after_its_warning_warns_again_once(register, manager, now):
    complaint = register()
    check_clocks(now=warsaw(2026, 3, 5, 16, 45))
    assert alerts("sla_warning").count() == 1

    pause_sla(complaint, now=warsaw(2026, 3, 6, 9))
    resume_sla(complaint, now=warsaw(2026, 3, 9, 9))  # Friday's 8 hours paused
    assert ComplaintClock.objects.get().resolution_due == warsaw(2026, 3, 10, 10, 30)

    every_minute(warsaw(2026, 3, 9, 9), 20)
    assert alerts("sla_warning").count() == 2
    assert deadline_events(complaint).count("sla_warning") == 2


def test_a_policy_change_mid_flight_warns_again_for_the_new_due(register, agent, manager, now):
    complaint = register()
    check_clocks(now=warsaw(2026, 3, 5, 16, 45))
    assert alerts("sla_warning").count() == 1
    SlaPolicy.objects.create(name="High priority", priority=Priority.HIGH, resolution_hours=80)

    reclassify(
        complaint,
        by=agent,
        now=warsaw(2026, 3, 5, 17),
        priority=Priority.HIGH,
        category=None,
        type="",
        complexity=Complexity.STANDARD,
        tags=[],
    )
    clock = ComplaintClock.objects.get()
    assert clock.resolution_due == warsaw(2026, 3, 16, 10, 30)
    assert clock.sla_warn_at == warsaw(2026, 3, 11, 14, 30)

    check_clocks(now=warsaw(2026, 3, 9, 11))  # past the old due date: no breach of it
    assert not alerts("sla_breach").exists()
    assert alerts("sla_warning").count() == 1
    every_minute(warsaw(2026, 3, 11, 14, 30), 10)
    assert alerts("sla_warning").count() == 2


def test_a_checker_down_for_three_days_raises_each_missed_event_once(register, manager, now):
    SlaPolicy.objects.update(first_response_hours=4, resolution_hours=16)
    complaint = register()
    check_clocks(now=warsaw(2026, 3, 2, 11))
    assert not StaffAlert.objects.exists()

    # Down from Monday 11:00 until Thursday 11:00: the first response was due Monday
    # 14:30, the warning came Tuesday 14:30 and the breach Wednesday 10:30. The warning of
    # a date already past is not sent after the fact: the breach says it.
    assert check_clocks(now=warsaw(2026, 3, 5, 11)) == 2
    every_minute(warsaw(2026, 3, 5, 11, 1), 30)

    assert alerts("first_response_breach").count() == 1
    assert not alerts("sla_warning").exists()
    assert alerts("sla_breach").count() == 1
    assert deadline_events(complaint) == ["first_response_breach", "sla_breach"]
    # The e-mails went to the outbox too, one per alert.
    assert OutboundEmail.objects.filter(purpose=OutboundEmail.Purpose.STAFF_ALERT).count() == 2


def test_a_checker_back_before_the_breach_still_warns(register, manager, now):
    SlaPolicy.objects.update(first_response_hours=4, resolution_hours=16)
    register()
    # Down from Monday until Tuesday 16:00: the warning (Tuesday 14:30) is late but its
    # due date (Wednesday 10:30) is still ahead, so the owner or managers are warned.
    check_clocks(now=warsaw(2026, 3, 3, 16))
    assert alerts("sla_warning").count() == 1
    assert not alerts("sla_breach").exists()


def test_a_first_response_stops_its_breach(register, agent, manager, now):
    complaint = register()
    add_note(complaint, text="Checking with the warehouse.", is_public=False, by=agent, now=now)
    assert ComplaintClock.objects.get().first_responded_at is None  # internal: not a response

    answered = now + timedelta(hours=2)
    add_note(complaint, text="We are on it.", is_public=True, by=agent, now=answered)
    add_note(complaint, text="Still on it.", is_public=True, by=agent, now=answered + timedelta(1))
    assert ComplaintClock.objects.get().first_responded_at == answered

    check_clocks(now=warsaw(2026, 3, 5, 12))
    assert not alerts("first_response_breach").exists()


def test_the_first_stage_move_is_the_first_response(register, agent, manager, now):
    complaint = register()
    move_complaint(complaint, to="verification", by=agent, now=now + timedelta(minutes=20))
    assert ComplaintClock.objects.get().first_responded_at == now + timedelta(minutes=20)
    check_clocks(now=warsaw(2026, 3, 5, 12))
    assert not alerts("first_response_breach").exists()


def test_a_missed_first_response_alerts_the_managers(register, agent, manager, now):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)  # assigning is not answering
    check_clocks(now=warsaw(2026, 3, 5, 10, 30))
    assert [a.recipient for a in alerts("first_response_breach")] == [manager]


def test_merged_and_closed_complaints_are_skipped(register, agent, manager, now):
    survivor = register()
    duplicate = register(description="The lid still does not close.")
    merge_complaint(duplicate, into=survivor, by=agent, now=now)
    closed = register(description="Another kettle.")
    # Closed before any deadline, the answer's delivery not (yet) recorded.
    stop_sla(closed, now=now + timedelta(hours=1))
    survivor_clock = ComplaintClock.objects.get(complaint=survivor)

    check_clocks(now=warsaw(2026, 4, 30))

    assert set(StaffAlert.objects.values_list("complaint", flat=True)) == {survivor.pk}
    assert deadline_events(duplicate) == [] and deadline_events(closed) == []
    assert ComplaintClock.objects.get(complaint=duplicate).next_check_at is None
    assert ComplaintClock.objects.get(complaint=closed).next_check_at is None
    assert survivor_clock.next_check_at is not None


def test_a_reopened_complaint_is_watched_again(register, manager, now):
    complaint = register()
    stop_sla(complaint, now=now + timedelta(hours=1))
    check_clocks(now=warsaw(2026, 3, 20))
    assert not StaffAlert.objects.exists()

    start_clocks(complaint, now=warsaw(2026, 3, 23, 9))  # reopened on a Monday
    check_clocks(now=warsaw(2026, 3, 30, 9))

    assert alerts("sla_breach").count() == 1
    # The legal term of 16 March ran out while it was closed; reopened, it is missed.
    assert alerts("deemed_accepted").count() == 1


def test_the_legal_clock_runs_on_while_the_service_clock_is_paused(register, agent, now):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    pause_sla(complaint, now=now + timedelta(hours=1))
    clock = ComplaintClock.objects.get()

    check_clocks(now=clock.legal_warn_at)

    assert [a.recipient for a in alerts("legal_warning")] == [agent]
    assert "by 16 Mar 2026" in alerts("legal_warning").get().text
    assert not alerts("sla_warning").exists()


def test_deemed_accepted_under_the_polish_14_day_rule(
    register, agent, manager, smtp_server, client, now
):
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    clock = ComplaintClock.objects.get()
    assert clock.legal_rule.consequence == LegalRule.Consequence.DEEMED_ACCEPTED
    assert clock.legal_last_day == date(2026, 3, 16)
    # Sent but not delivered does not stop a clock that needs the answer to arrive.
    record_answer_sent(complaint, at=warsaw(2026, 3, 16, 20))

    check_clocks(now=warsaw(2026, 3, 16, 23, 59))
    assert ComplaintClock.objects.get().deemed_accepted_at is None
    every_minute(warsaw(2026, 3, 17, 0, 0), 5)

    clock = ComplaintClock.objects.get()
    assert clock.deemed_accepted_at == clock.legal_due
    assert clock.next_check_at is None or clock.next_check_at > warsaw(2026, 3, 17, 1)
    [entry] = complaint.timeline.filter(kind=TimelineEntry.Kind.DEEMED_ACCEPTED)
    assert not entry.is_public and entry.data["last_day"] == "2026-03-16"
    assert {a.recipient for a in alerts("deemed_accepted")} == {manager, agent}
    assert not alerts("legal_breach").exists()

    email = OutboundEmail.objects.get(
        to=manager.email,
        purpose=OutboundEmail.Purpose.STAFF_ALERT,
        subject__contains="Deemed accepted",
    )
    assert deliver_email(email.pk, now=warsaw(2026, 3, 17, 0, 6)) == OutboundEmail.Status.SENT
    [message] = smtp_server.messages
    assert message["To"] == manager.email
    assert complaint.reference in message["Subject"] and "Deemed accepted" in message["Subject"]

    client.force_login(manager)
    page = client.get(f"/desk/complaints/{complaint.reference}/").content.decode()
    assert 'id="deemed-accepted"' in page
    assert "Deemed accepted" in page


def test_an_answer_delivered_in_time_is_not_deemed_accepted(register, manager, now):
    complaint = register()
    record_answer_delivered(complaint, at=warsaw(2026, 3, 16, 12))
    check_clocks(now=warsaw(2026, 3, 20))
    assert ComplaintClock.objects.get().deemed_accepted_at is None
    assert not alerts("deemed_accepted").exists() and not alerts("legal_warning").exists()


def test_a_rule_without_acceptance_alerts_a_breach(register, agent, manager, now):
    LegalRule.objects.update(consequence=LegalRule.Consequence.BREACH)
    complaint = register()
    take_complaint(complaint, agent=agent, now=now)
    check_clocks(now=warsaw(2026, 3, 18))
    assert ComplaintClock.objects.get().deemed_accepted_at is None
    assert [a.recipient for a in alerts("legal_breach")] == [manager]
    assert "legal_breach" in deadline_events(complaint)


def test_with_no_manager_the_administrators_are_alerted(register, manager, now):
    manager.is_active = False
    manager.save()
    ada = make_staff("ada", Role.ADMIN)
    register()
    check_clocks(now=warsaw(2026, 3, 9, 11))
    assert {a.recipient for a in alerts("sla_breach")} == {ada}


def test_alert_texts_are_in_the_companys_language(register, manager, settings, now):
    settings.LANGUAGE_CODE = "pl"
    register()
    check_clocks(now=warsaw(2026, 3, 9, 11))
    # The words wait for the lead's translation; the date is written the Polish way already.
    assert "9 marca 2026 10:30" in alerts("sla_breach").get().text


def test_nothing_due_costs_one_query(register, django_assert_num_queries, now):
    for _ in range(5):
        register()
    with django_assert_num_queries(1):
        assert check_clocks(now=now + timedelta(hours=1)) == 0


def test_the_task_reads_the_clock_and_is_scheduled(settings, db):
    assert settings.PERIODIC_TASKS["deadlines.tasks.check_clocks_task"] == 60
    assert check_clocks_task.call() == 0


@pytest.mark.django_db(transaction=True)
def test_two_checkers_at_once_raise_each_event_once(register, manager, now):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    complaints = [register() for _ in range(20)]
    barrier = threading.Barrier(2)
    raised = []

    def run():
        barrier.wait()
        try:
            raised.append(check_clocks(now=warsaw(2026, 3, 5, 17), batch_size=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Each complaint: the first response breach and the warning, once each.
    assert sum(raised) == 40
    assert alerts("sla_warning").count() == 20
    assert alerts("first_response_breach").count() == 20
    assert TimelineEntry.objects.filter(kind=TimelineEntry.Kind.DEADLINE).count() == 40
    assert all(deadline_events(c) == ["first_response_breach", "sla_warning"] for c in complaints)
