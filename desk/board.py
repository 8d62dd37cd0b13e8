"""The kanban board's reads: a column per stage, loaded a page at a time, newest first or
due soonest (DL-3)."""

from datetime import datetime

from django.db.models import Count, F, Q
from django.utils.dateparse import parse_datetime

from complaints.queries import filtered_complaints
from workflow.queries import complaints_following

COLUMN_PAGE = 20
NEWEST, DUE = "newest", "due"
ORDERS = (NEWEST, DUE)
# The service level's due date while it runs, stored on the complaint's clock (indexed).
DUE_FIELD = "clock__open_resolution_due"


def board_complaints(user, process, **filters):
    """The complaints on a process's board: those following it, narrowed by the filters."""
    return complaints_following(process, filtered_complaints(user, **filters))


def column_cards(complaints, stage_key, *, after=None, order=NEWEST):
    """One page of a column; `after` is the cursor of the last card shown.

    Keyset pagination, so the tenth page of a 10,000-card column costs what the first does:
    on (received_at, id) newest first, or on (due date, id) due soonest with complaints
    that have no due date last.
    """
    cards = complaints.filter(stage=stage_key).select_related(
        "customer", "owner", "clock__policy", "clock__calendar", "clock__legal_rule"
    )
    if order == DUE:
        if after:
            due, pk = after
            if due is None:
                cards = cards.filter(**{f"{DUE_FIELD}__isnull": True}, pk__gt=pk)
            else:
                cards = cards.filter(
                    Q(**{f"{DUE_FIELD}__gt": due})
                    | Q(**{DUE_FIELD: due}, pk__gt=pk)
                    | Q(**{f"{DUE_FIELD}__isnull": True})
                )
        ordering = (F(DUE_FIELD).asc(nulls_last=True), "pk")
    else:
        if after:
            received_at, pk = after
            cards = cards.filter(
                Q(received_at__lt=received_at) | Q(received_at=received_at, pk__lt=pk)
            )
        ordering = ("-received_at", "-pk")
    page = list(cards.order_by(*ordering)[: COLUMN_PAGE + 1])
    return page[:COLUMN_PAGE], len(page) > COLUMN_PAGE


def column_counts(complaints):
    return dict(complaints.values_list("stage").annotate(total=Count("pk")).order_by())


def cursor_of(complaint, order=NEWEST):
    if order == DUE:
        due = _due_of(complaint)
        return f"{due.isoformat() if due else '-'}|{complaint.pk}"
    return f"{complaint.received_at.isoformat()}|{complaint.pk}"


def parse_cursor(value, order=NEWEST):
    """The cursor from a 'load more' link, or None if it is missing or malformed."""
    try:
        stamp, pk = value.split("|")
        pk = int(pk)
        if order == DUE and stamp == "-":
            return None, pk
        moment = parse_datetime(stamp)
        if not isinstance(moment, datetime):
            return None
        return moment, pk
    except (AttributeError, ValueError):
        return None


def _due_of(complaint):
    try:
        return complaint.clock.open_resolution_due
    except complaint._meta.model.clock.RelatedObjectDoesNotExist:
        return None
