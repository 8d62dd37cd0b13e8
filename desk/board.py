"""The kanban board's reads: a column per stage, newest first, loaded a page at a time."""

from datetime import datetime

from django.db.models import Count, Q
from django.utils.dateparse import parse_datetime

from complaints.queries import filtered_complaints
from workflow.queries import complaints_following

COLUMN_PAGE = 20


def board_complaints(user, process, **filters):
    """The complaints on a process's board: those following it, narrowed by the filters."""
    return complaints_following(process, filtered_complaints(user, **filters))


def column_cards(complaints, stage_key, *, after=None):
    """One page of a column, newest first; `after` is the cursor of the last card shown.

    Keyset pagination on (received_at, id): the tenth page of a 10,000-card column costs
    what the first does.
    """
    cards = complaints.filter(stage=stage_key).select_related("customer", "owner")
    if after:
        received_at, pk = after
        cards = cards.filter(Q(received_at__lt=received_at) | Q(received_at=received_at, pk__lt=pk))
    page = list(cards.order_by("-received_at", "-pk")[: COLUMN_PAGE + 1])
    return page[:COLUMN_PAGE], len(page) > COLUMN_PAGE


def column_counts(complaints):
    return dict(complaints.values_list("stage").annotate(total=Count("pk")).order_by())


def cursor_of(complaint):
    return f"{complaint.received_at.isoformat()}|{complaint.pk}"


def parse_cursor(value):
    """The cursor from a 'load more' link, or None if it is missing or malformed."""
    try:
        stamp, pk = value.split("|")
        received_at = parse_datetime(stamp)
        if not isinstance(received_at, datetime):
            return None
        return received_at, int(pk)
    except (AttributeError, ValueError):
        return None
