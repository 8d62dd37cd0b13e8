"""Clocks for complaints registered before the clocks existed (DL-1, DL-2).

Each clock counts from the complaint's receipt, as it would have from the start; the stage
the complaint is in now then does to the service clock what entering it did (pause or stop),
at the moment it entered that stage. A complaint already finished (a final stage) has its
legal clock stopped when it was finished: a term cannot be enforced after the fact, and
marking every old closed complaint "deemed accepted" would be false.
"""

from django.db import transaction

from complaints.models import Complaint, TimelineEntry
from complaints.timeline import record_event
from deadlines.clocks import apply_stage_clock, record_answer_delivered, start_clocks
from deadlines.models import ComplaintClock
from workflow.models import Stage
from workflow.queries import process_for_category, stages_by_key


def complaints_without_clocks():
    return Complaint.objects.filter(clock__isnull=True)


def start_missing_clocks(*, now, batch_size=500, dry_run=False, on_batch=None):
    """Start the clocks of every complaint without them, `batch_size` complaints per
    transaction. Returns (started, already_had_one). Safe to run again: a complaint that has
    a clock is never touched. `on_batch(done, total)` is called after each batch."""
    had_one = ComplaintClock.objects.count()
    total = complaints_without_clocks().count()
    if dry_run:
        return total, had_one
    stages = {}
    started = last_pk = 0
    while True:
        batch = list(
            complaints_without_clocks()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            break
        with transaction.atomic():
            for complaint in Complaint.objects.select_for_update().filter(pk__in=batch):
                started += _start(complaint, stages, now=now)
        last_pk = batch[-1]
        if on_batch:
            on_batch(started, total)
    return started, had_one


def _start(complaint, stages, *, now):
    if ComplaintClock.objects.filter(complaint=complaint).exists():
        return 0  # started meanwhile (a registration, a desk page recomputing)
    if complaint.category_id not in stages:
        stages[complaint.category_id] = stages_by_key(process_for_category(complaint.category_id))
    stage = stages[complaint.category_id].get(complaint.stage)
    entered = (
        complaint.timeline.filter(
            kind=TimelineEntry.Kind.STAGE_CHANGED, data__target=complaint.stage
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    ) or complaint.received_at
    start_clocks(complaint, now=complaint.received_at)
    if stage is not None and stage.clock in (Stage.Clock.PAUSE, Stage.Clock.STOP):
        apply_stage_clock(complaint, stage.clock, now=entered)
    finished = stage is not None and stage.is_final
    if finished:
        record_answer_delivered(complaint, at=entered)
    record_event(
        complaint,
        TimelineEntry.Kind.DEADLINE,
        at=now,
        action="clocks_backfilled",
        finished=finished,
    )
    return 1
