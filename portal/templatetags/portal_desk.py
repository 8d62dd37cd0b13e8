"""Cards of the desk's complaint page for the portal (PO-1): the customer's answer to the
decision, and the tracking link. A query or two each."""

from django import template

from portal.models import DecisionAnswer
from portal.queries import latest_decision

register = template.Library()


@register.inclusion_tag("portal/desk/portal_card.html", takes_context=True)
def portal_card(context, complaint, transitions):
    user = context.get("user")
    decision = latest_decision(complaint)
    answer = DecisionAnswer.objects.filter(decision=decision).first() if decision else None
    reopen = None
    if answer is not None and answer.answer == DecisionAnswer.Answer.CONTESTED:
        # The process's own way back for review, as for a low survey score.
        reopen = next(
            (
                transition
                for transition in transitions
                if not transition.target.is_final and not transition.decision_outcomes
            ),
            None,
        )
    return {
        "complaint": complaint,
        "decision": decision,
        "answer": answer,
        "reopen": reopen,
        "may_renew": user is not None and user.in_complaint_team and not complaint.merged_into_id,
        "csrf_token": context.get("csrf_token"),
    }
