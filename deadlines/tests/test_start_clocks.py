import zoneinfo
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from complaints.models import TimelineEntry
from deadlines.models import ComplaintClock
from workflow.decisions import record_decision
from workflow.transitions import move_complaint

WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def warsaw(*args):
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def now():
    return warsaw(2026, 3, 2, 10, 30)  # a Monday


def run(*args):
    out = StringIO()
    call_command("start_clocks", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def old_complaints(register, verify, agent, now):
    """Four complaints: one with its clock, three from before the clocks existed: one new,
    one waiting for the customer since Wednesday, one rejected on Thursday."""
    with_clock = register()
    new = register(product="Toaster")
    waiting = register(product="Fridge")
    move_complaint(waiting, to="verification", by=agent, now=now)
    move_complaint(
        waiting, to="waiting_customer", by=agent, now=warsaw(2026, 3, 4, 9), reason="Photo?"
    )
    rejected = register(product="Mixer")
    move_complaint(rejected, to="verification", by=agent, now=now)
    verify(rejected, by=agent)
    move_complaint(rejected, to="decision", by=agent, now=now)
    record_decision(
        rejected,
        outcome="rejected",
        justification="Wear and tear.",
        by=agent,
        now=warsaw(2026, 3, 5, 9),
    )
    expected = {c.pk: (c.clock.legal_due, c.clock.resolution_due) for c in (new, waiting, rejected)}
    ComplaintClock.objects.exclude(complaint=with_clock).delete()
    return with_clock, new, waiting, rejected, expected


def test_a_dry_run_counts_and_changes_nothing(old_complaints):
    output = run("--dry-run")

    assert output.strip() == (
        "Would start clocks for 3 complaints; 1 already had one. (Dry run: nothing changed.)"
    )
    assert ComplaintClock.objects.count() == 1


def test_clocks_count_from_receipt_and_follow_the_stage(old_complaints, now):
    with_clock, new, waiting, rejected, expected = old_complaints
    before = ComplaintClock.objects.get(complaint=with_clock)

    output = run("--batch-size", "2")

    assert output.splitlines() == [
        "  2 of 3 complaints…",
        "  3 of 3 complaints…",
        "Started clocks for 3 complaints; 1 already had one.",
    ]
    clocks = {clock.complaint_id: clock for clock in ComplaintClock.objects.all()}
    for complaint in (new, waiting, rejected):
        clock = clocks[complaint.pk]
        assert clock.sla_started_at == now
        assert clock.legal_due == expected[complaint.pk][0]
    assert clocks[new.pk].is_running
    assert clocks[new.pk].legal_stopped_at is None
    assert clocks[waiting.pk].paused_since == warsaw(2026, 3, 4, 9)
    assert clocks[rejected.pk].stopped_at == warsaw(2026, 3, 5, 9)
    # Finished before the clocks existed: its legal term is over, not missed.
    assert clocks[rejected.pk].legal_stopped_at == warsaw(2026, 3, 5, 9)
    assert clocks[with_clock.pk] == before
    assert clocks[with_clock.pk].resolution_due == before.resolution_due
    entry = waiting.timeline.get(kind=TimelineEntry.Kind.DEADLINE)
    assert entry.data == {"action": "clocks_backfilled", "finished": False}
    assert not entry.is_public


def test_running_it_again_changes_nothing(old_complaints):
    run()
    clocks = list(ComplaintClock.objects.order_by("pk").values())

    output = run()

    assert output.strip() == "Started clocks for 0 complaints; 4 already had one."
    assert list(ComplaintClock.objects.order_by("pk").values()) == clocks
    assert TimelineEntry.objects.filter(data__action="clocks_backfilled").count() == 3


def test_a_bad_batch_size_is_refused(db):
    with pytest.raises(CommandError, match=r"--batch-size must be at least 1\."):
        run("--batch-size", "0")
