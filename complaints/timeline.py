"""The complaint's timeline: one append-only list of everything that happened to it."""

from complaints.models import TimelineEntry


def record_event(complaint, kind, *, at, actor=None, is_public=False, text="", **data):
    """Append an entry. Call it inside the transaction that made the change it describes."""
    return TimelineEntry.objects.create(
        complaint=complaint,
        kind=kind,
        created_at=at,
        actor=actor,
        is_public=is_public,
        text=text,
        data=data,
    )
