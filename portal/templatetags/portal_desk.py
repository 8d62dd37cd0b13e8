"""Cards of the desk's complaint page for the portal (PO-1): the customer's answer to the
decision, and the tracking link. A query or two each."""

from django import template

from portal.models import DecisionAnswer
from portal.queries import latest_decision
from workflow.queries import process_for, stages_by_key
from workflow.transitions import review_transition

register = template.Library()


@register.inclusion_tag("portal/desk/portal_card.html", takes_context=True)
def portal_card(context, complaint, transitions):
    user = context.get("user")
    decision = latest_decision(complaint)
    answer = DecisionAnswer.objects.filter(decision=decision).first() if decision else None
    reopen = reopened = None
    if answer is not None and answer.answer == DecisionAnswer.Answer.CONTESTED:
        if answer.reopened_to:
            reopened = stages_by_key(process_for(complaint)).get(answer.reopened_to)
        else:
            # The process had no way back when the customer contested: offer the move the
            # user may take now (the transitions given are the ones open to them).
            reopen = review_transition(transitions)
    return {
        "complaint": complaint,
        "decision": decision,
        "answer": answer,
        "reopen": reopen,
        "reopened": reopened,
        "may_renew": user is not None and user.in_complaint_team and not complaint.merged_into_id,
        "csrf_token": context.get("csrf_token"),
    }
