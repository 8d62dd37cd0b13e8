"""The acknowledgment a customer gets the moment their complaint is registered."""

from django.conf import settings
from django.urls import reverse

from notifications.models import OutboundEmail


def tracking_url(complaint):
    return settings.SITE_URL + reverse("portal:track", args=[complaint.tracking_token])


def queue_acknowledgment(complaint, *, now):
    """Queue the acknowledgment in the customer's language, as the "received" rules say:
    by e-mail, and by SMS to a customer who gave only a phone number. Returns the e-mail,
    or None when none was queued."""
    from notifications.rules import Event, notify

    queued = notify(complaint, Event.RECEIVED, now=now)
    return next((row for row in queued if isinstance(row, OutboundEmail)), None)
