from django import template

from mailin.models import AllowedSender

register = template.Library()


@register.inclusion_tag("mailin/senders_card.html", takes_context=True)
def senders_card(context, complaint):
    """The detail page's "Who may write in" card: the customer and the addresses staff added."""
    user = context.get("user")
    return {
        "complaint": complaint,
        "senders": list(AllowedSender.objects.filter(complaint=complaint)),
        "may_edit": bool(user and user.in_complaint_team) and not complaint.merged_into_id,
        "csrf_token": context.get("csrf_token"),
    }
