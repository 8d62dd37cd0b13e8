"""Cards of the complaint page for talking to the customer: "Write to the customer" (CO-3)
and the satisfaction survey's answer (CO-4). A query each, whatever the data."""

from django import template
from django.conf import settings

from messaging.canned import canned_for
from surveys.answers import is_low_score
from surveys.models import Survey
from workflow.transitions import review_transition

register = template.Library()


@register.inclusion_tag("desk/write_card.html", takes_context=True)
def write_card(context, complaint):
    user = context.get("user")
    if user is None or not user.in_complaint_team or complaint.merged_into_id:
        return {"show": False}
    return {
        "show": True,
        "complaint": complaint,
        "responses": canned_for(complaint) if complaint.customer.email else [],
    }


@register.inclusion_tag("desk/survey_card.html", takes_context=True)
def survey_card(context, complaint, transitions):
    survey = Survey.objects.filter(complaint=complaint).first()
    if survey is None:
        return {"survey": None}
    user = context.get("user")
    low = is_low_score(survey.score)
    reopen = None
    if low and user is not None and user.is_manager:
        # The process's own way back from a final stage (closed → verification by default).
        reopen = review_transition(transitions)
    return {
        "survey": survey,
        "complaint": complaint,
        "low": low,
        "reopen": reopen,
        "low_score": settings.SURVEY_LOW_SCORE,
        "csrf_token": context.get("csrf_token"),
    }
