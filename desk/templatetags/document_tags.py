"""The complaint page's Documents card (DO-1): every version of every kind, downloads, and
"Generate" for the complaint team. Two queries, whatever the number of documents."""

from django import template

from desk.views.documents import GenerateForm
from documents.queries import documents_by_kind

register = template.Library()


@register.inclusion_tag("desk/documents_card.html", takes_context=True)
def documents_card(context, complaint):
    user = context.get("user")
    return {
        "complaint": complaint,
        "groups": documents_by_kind(complaint),
        "can_generate": user is not None
        and user.in_complaint_team
        and not complaint.merged_into_id,
        "form": GenerateForm(),
        "csrf_token": context.get("csrf_token"),
    }
