"""The "Expert opinions" card of the complaint page (WF-6), with its own reads, so that the
complaint view needs to know nothing about consultations."""

from datetime import date

from django import template
from django.utils import timezone

from consultations.opinions import may_answer, may_cancel
from consultations.queries import opinion_requests_of
from desk.opinion_forms import new_request_form

register = template.Library()


@register.inclusion_tag("desk/expert_opinions.html", takes_context=True)
def expert_opinions(context, complaint):
    """Three queries whatever the number of requests: requests, my departments, the form's."""
    user = context["request"].user
    today = timezone.localdate()
    opinions = list(opinion_requests_of(complaint))
    departments = set(user.departments.values_list("pk", flat=True))
    for opinion in opinions:
        opinion.current_status = opinion.status(today=today)
        opinion.answerable = opinion.is_open and may_answer(opinion, user, departments=departments)
        opinion.cancellable = opinion.is_open and may_cancel(opinion, user)
    return {
        "complaint": complaint,
        "opinions": opinions,
        "ask_form": new_request_form() if user.in_complaint_team else None,
        "csrf_token": context.get("csrf_token"),
        "user": user,
    }


@register.filter
def iso_date(value):
    """A date stored as ISO text in a timeline entry's data, as a date (or "" if malformed)."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
