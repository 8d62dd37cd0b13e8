"""The acknowledgment a customer gets the moment their complaint is registered."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from notifications.models import OutboundEmail
from notifications.outbox import queue_email


def tracking_url(complaint):
    return settings.SITE_URL + reverse("portal:track", args=[complaint.tracking_token])


def queue_acknowledgment(complaint, *, now):
    """Queue the acknowledgment in the customer's language; None if we have no e-mail for them.

    Customers who gave only a phone number will get an SMS once the SMS channel exists.
    """
    if not complaint.customer.email:
        return None
    context = {"complaint": complaint, "tracking_url": tracking_url(complaint)}
    with translation.override(complaint.language):
        subject = render_to_string(
            "notifications/email/acknowledgment_subject.txt", context
        ).strip()
        body = render_to_string("notifications/email/acknowledgment.txt", context)
    return queue_email(
        complaint,
        purpose=OutboundEmail.Purpose.ACKNOWLEDGMENT,
        to=complaint.customer.email,
        subject=subject,
        body=body,
        language=complaint.language,
        now=now,
    )
