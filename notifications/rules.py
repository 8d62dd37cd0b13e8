"""CO-1: tell the customer what happened, as the admin's notification rules say.

`notify` is the one function every event calls; it writes to the e-mail and SMS outboxes in
the caller's transaction, so a change that rolls back tells nobody.
"""

import logging

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.acknowledgments import tracking_url
from notifications.defaults import install_default_rules
from notifications.models import NotificationRule, NotificationTemplate, OutboundEmail
from notifications.outbox import queue_email
from notifications.placeholders import render

logger = logging.getLogger(__name__)

Event = NotificationRule.Event
Channel = NotificationRule.Channel

FALLBACK_LANGUAGE = "en"
# Events whose e-mail has an outbox purpose of its own (the others are NOTIFICATION).
PURPOSES = {
    Event.RECEIVED: OutboundEmail.Purpose.ACKNOWLEDGMENT,
    Event.DECISION: OutboundEmail.Purpose.DECISION,
    Event.DEADLINE_EXTENDED: OutboundEmail.Purpose.TERM_EXTENDED,
    Event.MESSAGE_FROM_STAFF: OutboundEmail.Purpose.MESSAGE,
}
# These send a dedicated e-mail already (legal wording, the agent's own text): a rule adds
# the SMS only, never a second e-mail.
OWN_EMAIL = {Event.DECISION, Event.DEADLINE_EXTENDED, Event.MESSAGE_FROM_STAFF}


def ensure_default_rules():
    """Install the shipped rules when there are none at all (a database emptied after its
    migrations ran, e.g. by a test flush). Rules are switched off, never deleted, so an
    empty table always means "never configured"."""
    if not NotificationRule.objects.exists():
        install_default_rules(NotificationRule, NotificationTemplate)


def template_for(rule, language):
    """The rule's template in `language`, else in English, else None."""
    templates = {t.language: t for t in rule.templates.all()}
    return templates.get(language) or templates.get(FALLBACK_LANGUAGE)


def placeholder_values(complaint, context=None):
    with translation.override(complaint.language):
        summary = "\n".join(
            f"{label}: {value or '—'}"
            for label, value in (
                (_("Product"), complaint.product),
                (_("Order number"), complaint.order_number),
                (_("You would like"), complaint.get_requested_remedy_display()),
            )
        )
    return {
        "summary": summary,
        "reference": complaint.reference,
        "customer_name": complaint.customer.name,
        "tracking_url": tracking_url(complaint),
        **(context or {}),
    }


def notify(complaint, event, *, now, context=None, channels=None):
    """Queue what the enabled rules for `event` send, in the customer's language.

    `context` fills the event's placeholders ({stage}, {decision}, {due_date});
    `channels` limits the channels tried. Returns the queued OutboundEmail/OutboundSms
    rows. A customer without an address (or a phone) for a channel gets nothing there.
    """
    from sms.outbox import queue_sms

    ensure_default_rules()
    rules = NotificationRule.objects.filter(event=event, enabled=True).prefetch_related("templates")
    if channels is not None:
        rules = rules.filter(channel__in=channels)
    customer = complaint.customer
    values = placeholder_values(complaint, context)
    queued = []
    for rule in rules:
        template = template_for(rule, complaint.language)
        if template is None:
            logger.warning("Rule %s has no template in %s or English", rule, complaint.language)
            continue
        if rule.channel == Channel.EMAIL:
            if event in OWN_EMAIL or not customer.email:
                continue
            queued.append(
                queue_email(
                    complaint,
                    purpose=PURPOSES.get(event, OutboundEmail.Purpose.NOTIFICATION),
                    to=customer.email,
                    subject=" ".join(render(template.subject, values).split()),
                    body=render(template.body, values),
                    language=template.language,
                    now=now,
                )
            )
        elif rule.channel == Channel.SMS:
            if not customer.phone or (rule.only_without_email and customer.email):
                continue
            try:
                queued.append(
                    queue_sms(
                        complaint,
                        to=customer.phone,
                        text=render(template.body, values),
                        event=event,
                        language=template.language,
                        now=now,
                    )
                )
            except ValidationError:
                # A phone number taken before numbers were checked: the e-mail still goes.
                logger.warning("Complaint %s: phone %r is not valid", complaint.pk, customer.phone)
    return queued


def sample_values(language):
    """Placeholder values for the admin's preview, with no real complaint involved."""
    return {
        "reference": "RK-2026-000123",
        "customer_name": "Anna Kowalska",
        "stage": "We are looking at your complaint.",
        "tracking_url": "https://example.com/track/…/",
        "decision": "accepted: a replacement",
        "due_date": "2026-12-01",
        "summary": "Product: Kettle KT-200\nOrder number: 4711\nYou would like: Repair",
    }
