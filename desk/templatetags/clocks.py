"""The "Clocks" card of the complaint page: the service level and the legal term side by
side (DL-1, DL-2). The states come from deadlines.states; the complaint team also gets the
forms that record a posted answer, its delivery and a longer term (desk.views.legal)."""

from django import template
from django.utils import timezone

from deadlines.extensions import extension_refusal
from deadlines.models import ComplaintClock, LegalRule
from deadlines.states import legal_state, sla_state
from desk.legal_forms import AnswerDeliveredForm, AnswerPostedForm, ExtendTermForm

register = template.Library()


@register.inclusion_tag("desk/clock_card.html", takes_context=True)
def clock_card(context, complaint):
    clock = (
        ComplaintClock.objects.select_related("policy", "calendar", "legal_rule")
        .filter(complaint=complaint)
        .first()
    )
    if clock is None:
        return {"clock": None}
    now = timezone.now()
    legal = legal_state(clock, now=now, received_at=complaint.received_at)
    card = {
        "complaint": complaint,
        "clock": clock,
        "sla": sla_state(clock, now=now),
        "legal": legal,
        "delivered": clock.legal_rule_id is not None
        and clock.legal_rule.stops_at == LegalRule.StopsAt.DELIVERY,
    }
    user = context.get("user")
    running = clock.legal_stopped_at is None and clock.deemed_accepted_at is None
    if legal is not None and running and user is not None and user.in_complaint_team:
        card["posted_form"] = AnswerPostedForm() if clock.answer_sent_at is None else None
        card["delivered_form"] = (
            AnswerDeliveredForm() if clock.answer_sent_at and card["delivered"] else None
        )
        if extension_refusal(clock, now=now) is None:
            card["extend_form"] = ExtendTermForm()
    return card


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
