"""The "Clocks" card of the complaint page: the service level and the legal term side by
side (DL-1, DL-2). Read-only; the states come from deadlines.states."""

from django import template
from django.utils import timezone

from deadlines.models import ComplaintClock
from deadlines.states import legal_state, sla_state

register = template.Library()


@register.inclusion_tag("desk/clock_card.html")
def clock_card(complaint):
    clock = (
        ComplaintClock.objects.select_related("policy", "calendar", "legal_rule")
        .filter(complaint=complaint)
        .first()
    )
    if clock is None:
        return {"clock": None}
    now = timezone.now()
    return {
        "clock": clock,
        "sla": sla_state(clock, now=now),
        "legal": legal_state(clock, now=now, received_at=complaint.received_at),
    }


@register.inclusion_tag("desk/clock_cell.html")
def clock_cell(complaint, now):
    """A table cell's due dates, coloured (DL-3); reads the clock joined with the row."""
    try:
        clock = complaint.clock
    except ComplaintClock.DoesNotExist:
        return {"clock": None}
    return {
        "clock": clock,
        "sla": sla_state(clock, now=now),
        "legal": legal_state(clock, now=now, received_at=complaint.received_at),
    }
