"""Changing the deadline settings (DL-1, DL-2): policies, calendars, days off, legal rules.

Every change can move due dates that are already running — a new policy may now match a
complaint, a calendar gains a day off — so each save schedules a recomputation of the open
clocks after it commits. The recomputation runs in the worker, in batches, because a contact
center has many open complaints and an admin must not wait for them.
"""

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from deadlines.clocks import recompute
from deadlines.models import ComplaintClock, DayOff

logger = logging.getLogger(__name__)

RECOMPUTE_BATCH = 500


def save_settings(instance):
    """Validate and save a policy, calendar or legal rule edited by an admin; the open
    clocks are recomputed after commit. Raises ValidationError with the model's messages."""
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        schedule_recompute()
    return instance


def add_day_off(calendar, *, date, name):
    """A company day off; refused (ValidationError) when the calendar has it already."""
    day = DayOff(calendar=calendar, date=date, name=name.strip())
    day.full_clean()
    with transaction.atomic():
        day.save()
        schedule_recompute()
    return day


def remove_day_off(day):
    with transaction.atomic():
        day.delete()
        schedule_recompute()


def schedule_recompute():
    """After this transaction commits, recompute the open clocks in the worker."""
    transaction.on_commit(recompute_open_clocks_task.enqueue)


@task()
def recompute_open_clocks_task():
    return recompute_open_clocks(now=timezone.now())


def open_clocks():
    """Clocks whose due dates can still move: a running service clock or a legal term that
    has neither been answered nor been missed."""
    return ComplaintClock.objects.filter(stopped_at__isnull=True) | ComplaintClock.objects.filter(
        legal_stopped_at__isnull=True, deemed_accepted_at__isnull=True
    )


def recompute_open_clocks(*, now, batch=RECOMPUTE_BATCH, progress=None):
    """Recompute every open clock, in batches by id so the work resumes where it was and no
    transaction holds many rows. Returns how many clocks were recomputed."""
    done = 0
    last_pk = 0
    while True:
        rows = list(
            open_clocks()
            .filter(pk__gt=last_pk)
            .order_by("pk")
            .select_related("complaint__customer")[:batch]
        )
        if not rows:
            return done
        for clock in rows:
            recompute(clock.complaint, now=now)
        done += len(rows)
        last_pk = rows[-1].pk
        if progress:
            progress(done)
        logger.info("Recomputed the due dates of %d open complaints", done)


def make_default_calendar(calendar):
    """The calendar legal terms and policies without one of their own count on."""
    with transaction.atomic():
        type(calendar).objects.filter(is_default=True).exclude(pk=calendar.pk).update(
            is_default=False
        )
        calendar.is_default = True
        calendar.save(update_fields=["is_default"])
        schedule_recompute()
    return calendar


def save_legal_profile(*, financial_market_entity):
    """The company's legal profile; a change picks the legal rules of open complaints again."""
    from deadlines.models import LegalProfile

    with transaction.atomic():
        profile = LegalProfile.current()
        changed = profile.financial_market_entity != financial_market_entity
        profile.financial_market_entity = financial_market_entity
        profile.save()
        if changed:
            schedule_recompute()
    return profile
