"""Labels for attachment codes stored on the timeline (DO-3)."""

from django import template

from complaints.attachments import REFUSAL_REASONS
from complaints.models import AttachmentRole

register = template.Library()


@register.filter
def refusal_reason(code):
    """Why a file from an e-mail was not kept, in the reader's language."""
    return REFUSAL_REASONS.get(code, code)


@register.filter
def attachment_role(value):
    """What a file shows ("After (the remedy)"), or "" when unspecified or unknown."""
    return AttachmentRole(value).label if value in AttachmentRole.values and value else ""
