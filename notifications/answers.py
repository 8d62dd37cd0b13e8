"""The e-mails that answer a complaint: the decision (WF-3) and, in a complex case, the
notice that the legal term is extended and why (DL-2). Both in the complaint's language."""

from django.template.loader import render_to_string
from django.utils import formats, translation

from notifications.acknowledgments import tracking_url
from notifications.models import OutboundEmail
from notifications.outbox import queue_email
from notifications.rules import Channel, Event, notify


def queue_decision_email(decision, *, now):
    """Queue the decision to the customer; None when we have no e-mail address for them."""
    complaint = decision.complaint
    with translation.override(complaint.language):
        outcome = str(decision.get_outcome_display())
    notify(
        complaint, Event.DECISION, now=now, channels=[Channel.SMS], context={"decision": outcome}
    )
    return _queue(
        complaint,
        purpose=OutboundEmail.Purpose.DECISION,
        template="decision",
        context={"decision": decision},
        now=now,
    )


def queue_term_extended_email(complaint, *, reason, last_day, now):
    """Queue the notice of a longer legal term with its reason; None without an address."""
    with translation.override(complaint.language):
        due = formats.date_format(last_day, "DATE_FORMAT")
    notify(
        complaint,
        Event.DEADLINE_EXTENDED,
        now=now,
        channels=[Channel.SMS],
        context={"due_date": due},
    )
    return _queue(
        complaint,
        purpose=OutboundEmail.Purpose.TERM_EXTENDED,
        template="term_extended",
        context={"reason": reason, "last_day": last_day},
        now=now,
    )


def _queue(complaint, *, purpose, template, context, now):
    if not complaint.customer.email:
        return None
    context = {**context, "complaint": complaint, "tracking_url": tracking_url(complaint)}
    with translation.override(complaint.language):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}.txt", context)
    return queue_email(
        complaint,
        purpose=purpose,
        to=complaint.customer.email,
        subject=" ".join(subject.split())[:300],
        body=body,
        language=complaint.language,
        now=now,
    )
