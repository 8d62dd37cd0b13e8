"""Canned responses (CO-3): filled in for a complaint, and offered in its language."""

from django.conf import settings
from django.urls import reverse

from messaging.models import CannedResponse


def placeholder_values(complaint, *, agent):
    return {
        "customer_name": complaint.customer.name,
        "reference": complaint.reference,
        "product": complaint.product,
        "agent_name": str(agent),
        "tracking_url": settings.SITE_URL
        + reverse("portal:track", args=[complaint.tracking_token]),
    }


def fill(text, values):
    """Replace the placeholders of `text`; text with broken braces is returned unchanged."""
    try:
        return text.format_map(values)
    except (KeyError, ValueError, IndexError, AttributeError):
        return text


def render_canned(canned, complaint, *, agent):
    """(subject, body) of a canned response filled in for `complaint`."""
    values = placeholder_values(complaint, agent=agent)
    return fill(canned.subject, values), fill(canned.body, values)


def canned_for(complaint):
    """Active canned responses in the complaint's language, its category's first."""
    responses = CannedResponse.objects.filter(active=True, language=complaint.language)
    return sorted(
        responses.select_related("category"),
        key=lambda canned: (canned.category_id != complaint.category_id, canned.title.lower()),
    )
