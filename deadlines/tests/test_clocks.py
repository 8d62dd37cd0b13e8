import zoneinfo
from datetime import date, datetime, timedelta

import pytest

from complaints.models import Category, Complexity, Priority, Remedy
from deadlines.clocks import pause_sla, recompute, resume_sla, start_clocks, stop_sla
from deadlines.models import ComplaintClock, LegalRule, SlaPolicy
from workflow.categories import reclassify
from workflow.transitions import move_complaint

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def now():
    return warsaw(2026, 3, 2, 10, 30)  # a Monday


def test_registration_starts_both_clocks(register, now):
    complaint = register()
    clock = complaint.clock
    assert clock.policy == SlaPolicy.objects.get()
    assert clock.sla_started_at == now
    # 24 business hours: 6.5 h on Monday, 8 on Tuesday and Wednesday, 1.5 on Thursday.
    assert clock.first_response_due == warsaw(2026, 3, 5, 10, 30)
    # 40 business hours: five working days later.
    assert clock.resolution_due == warsaw(2026, 3, 9, 10, 30)
    assert clock.legal_rule.name.startswith("Poland, consumer, services")
    assert clock.legal_last_day == date(2026, 3, 16)
    assert clock.legal_due == warsaw(2026, 3, 16, 23, 59, 59, 999999)
    assert clock.is_running


def test_a_faulty_product_falls_under_the_rule_for_goods(register, agent, now):
    complaint = register()
    reclassify(
        complaint,
        by=agent,
        now=now,
        priority=Priority.NORMAL,
        category=None,
        type="product",
        complexity=Complexity.STANDARD,
        tags=[],
    )
    assert ComplaintClock.objects.get().legal_rule == LegalRule.objects.get(
        jurisdiction="PL", subject="goods"
    )


def test_pause_and_resume_across_a_weekend_moves_the_resolution_due(register, now):
    complaint = register()
    legal_due = complaint.clock.legal_due

    paused = pause_sla(complaint, now=warsaw(2026, 3, 6, 15))
    assert paused.is_paused
    assert paused.resolution_due == warsaw(2026, 3, 9, 10, 30)
    # A second pause changes nothing.
    pause_sla(complaint, now=warsaw(2026, 3, 6, 16))

    resumed = resume_sla(complaint, now=warsaw(2026, 3, 9, 11))
    # Paused for 2 h on Friday and 2 h on Monday; the weekend does not count.
    assert resumed.paused_total == timedelta(hours=4)
    assert resumed.resolution_due == warsaw(2026, 3, 9, 14, 30)
    assert resumed.first_response_due == warsaw(2026, 3, 5, 14, 30)
    assert resumed.paused_since is None
    assert resumed.legal_due == legal_due


def test_resuming_a_running_clock_changes_nothing(register, now):
    complaint = register()
    clock = resume_sla(complaint, now=warsaw(2026, 3, 3, 12))
    assert clock.paused_total == timedelta()
    assert clock.resolution_due == warsaw(2026, 3, 9, 10, 30)


def test_the_legal_clock_never_moves_with_pauses(register, now):
    complaint = register()
    before = (complaint.clock.legal_last_day, complaint.clock.legal_due)
    for start, end in [((2026, 3, 3, 9), (2026, 3, 10, 9)), ((2026, 3, 11, 9), (2026, 3, 20, 9))]:
        pause_sla(complaint, now=warsaw(*start))
        resume_sla(complaint, now=warsaw(*end))
    clock = ComplaintClock.objects.get()
    assert clock.paused_total == timedelta(hours=5 * 8 + 7 * 8)
    assert (clock.legal_last_day, clock.legal_due) == before


def test_stopping_a_paused_clock_counts_the_pause(register, now):
    complaint = register()
    pause_sla(complaint, now=warsaw(2026, 3, 3, 9))
    clock = stop_sla(complaint, now=warsaw(2026, 3, 3, 13))
    assert clock.stopped_at == warsaw(2026, 3, 3, 13)
    assert clock.paused_total == timedelta(hours=4)
    assert not clock.is_running and not clock.is_paused
    # Stopped is stopped: a pause or a second stop changes nothing.
    pause_sla(complaint, now=warsaw(2026, 3, 4, 9))
    assert stop_sla(complaint, now=warsaw(2026, 3, 5, 9)).stopped_at == warsaw(2026, 3, 3, 13)
    assert ComplaintClock.objects.get().paused_since is None


def test_a_policy_change_mid_flight_recomputes_from_the_start(register, agent, now):
    complaint = register()
    goods = Category.objects.create(name="Goods")
    slow = SlaPolicy.objects.create(name="Goods", category=goods, resolution_hours=80)
    urgent = SlaPolicy.objects.create(name="Urgent", priority=Priority.URGENT, resolution_hours=8)
    pause_sla(complaint, now=warsaw(2026, 3, 3, 9))
    resume_sla(complaint, now=warsaw(2026, 3, 3, 11))

    reclassify(
        complaint,
        by=agent,
        now=warsaw(2026, 3, 4, 9),
        priority=Priority.NORMAL,
        category=goods,
        type="",
        complexity=Complexity.STANDARD,
        tags=[],
    )
    clock = ComplaintClock.objects.get()
    assert clock.policy == slow
    # 80 business hours + the 2 h paused, from Monday 10:30: ten working days and 2 h.
    assert clock.resolution_due == warsaw(2026, 3, 16, 12, 30)

    reclassify(
        complaint,
        by=agent,
        now=warsaw(2026, 3, 4, 10),
        priority=Priority.URGENT,
        category=None,
        type="",
        complexity=Complexity.STANDARD,
        tags=[],
    )
    clock = ComplaintClock.objects.get()
    assert clock.policy == urgent
    # 8 h + 2 h paused from Monday 10:30: already past, so it is breached.
    assert clock.resolution_due == warsaw(2026, 3, 3, 12, 30)
    assert clock.legal_last_day == date(2026, 3, 16)


def test_recompute_leaves_a_stopped_clock_alone(register, now):
    complaint = register()
    stop_sla(complaint, now=warsaw(2026, 3, 3, 9))
    SlaPolicy.objects.update(resolution_hours=8)
    clock = recompute(complaint, now=warsaw(2026, 3, 3, 10))
    assert clock.resolution_due == warsaw(2026, 3, 9, 10, 30)


def test_a_complaint_from_before_the_clocks_gets_them_from_its_receipt(register, now):
    complaint = register()
    ComplaintClock.objects.all().delete()
    clock = pause_sla(complaint, now=warsaw(2026, 3, 4, 9))
    assert clock.sla_started_at == now
    assert clock.resolution_due == warsaw(2026, 3, 9, 10, 30)
    assert clock.paused_since == warsaw(2026, 3, 4, 9)


def test_russian_company_gets_the_russian_term_for_the_remedy(register, now):
    from deadlines.calendars import default_calendar

    calendar = default_calendar()
    calendar.country, calendar.time_zone = "RU", "Europe/Moscow"
    calendar.save()
    complaint = register(requested_remedy=Remedy.REFUND)
    assert complaint.clock.legal_rule.name.startswith("Russia, consumer, refund")
    assert complaint.clock.legal_last_day == date(2026, 3, 12)


def test_stages_drive_the_service_clock(
    register, agent, manager, now, django_capture_on_commit_callbacks
):
    complaint = register()

    def move(to, at, by=agent, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            move_complaint(complaint, to=to, by=by, now=at, **kwargs)
        return ComplaintClock.objects.get()

    move("verification", warsaw(2026, 3, 2, 11))
    clock = move("waiting_customer", warsaw(2026, 3, 6, 15), reason="Photo of the label?")
    assert clock.paused_since == warsaw(2026, 3, 6, 15)
    clock = move("verification", warsaw(2026, 3, 9, 11))
    assert clock.is_running
    assert clock.resolution_due == warsaw(2026, 3, 9, 14, 30)
    legal_due = clock.legal_due

    clock = move("rejected", warsaw(2026, 3, 10, 9), reason="Not our product.")
    assert clock.stopped_at == warsaw(2026, 3, 10, 9)

    # Reopened: the service clock starts afresh; the legal term is as it was.
    clock = move("verification", warsaw(2026, 3, 11, 9), by=manager, reason="New evidence.")
    assert clock.is_running
    assert clock.sla_started_at == warsaw(2026, 3, 11, 9)
    assert clock.paused_total == timedelta()
    assert clock.resolution_due == warsaw(2026, 3, 17, 17)
    assert clock.legal_due == legal_due


def test_starting_a_running_clock_again_changes_nothing(register, now):
    complaint = register()
    clock = start_clocks(complaint, now=warsaw(2026, 3, 4, 9))
    assert clock.sla_started_at == now
    assert ComplaintClock.objects.count() == 1


def test_an_emptied_database_gets_the_shipped_policy_and_rules_back(register, now):
    LegalRule.objects.all().delete()
    SlaPolicy.objects.all().delete()
    complaint = register()
    assert complaint.clock.policy.name.startswith("Standard")
    assert complaint.clock.legal_rule.name.startswith("Poland, consumer")


def test_switched_off_rules_stay_off(register, now):
    LegalRule.objects.update(is_active=False)
    complaint = register()
    assert complaint.clock.legal_rule is None
    assert complaint.clock.legal_due is None


def test_every_way_of_changing_the_priority_or_category_recomputes(register, agent):
    """Not only the desk's form: a bare set_priority() or change_category() (a bulk action,
    a future API) moves the due date too."""
    from complaints.classification import set_priority
    from workflow.categories import change_category

    complaint = register()
    goods = Category.objects.create(name="Goods")
    slow = SlaPolicy.objects.create(name="Goods", category=goods, resolution_hours=80)
    urgent = SlaPolicy.objects.create(name="Urgent", priority=Priority.URGENT, resolution_hours=8)

    set_priority(complaint, priority=Priority.URGENT, by=agent, now=warsaw(2026, 3, 4, 9))
    assert ComplaintClock.objects.get().policy == urgent
    set_priority(complaint, priority=Priority.NORMAL, by=agent, now=warsaw(2026, 3, 4, 9))
    change_category(complaint, category=goods, by=agent, now=warsaw(2026, 3, 4, 9))
    assert ComplaintClock.objects.get().policy == slow
