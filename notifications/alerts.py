"""Alerts to staff (DL-3, DL-4): a row on the recipient's desk and an e-mail, each once.

Whoever raises an alert gives it a `key` naming the fact ("sla_warning:42:2026-11-24T10:00"):
the unique (recipient, key) constraint makes a second raise of the same fact a no-op, so a
checker that runs every minute, or two checkers at once, alert once.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from notifications.models import OutboundEmail, StaffAlert
from notifications.outbox import queue_email
from workflow.queries import current_stage


def alert_staff(recipient, *, kind, key, text, now, complaint=None, subject=None):
    """Raise an alert to `recipient` unless this key was raised to them before.

    Returns the new StaffAlert, or None when it existed already. The e-mail (when the
    recipient has an address and the alert is about a complaint) is queued in the same
    transaction, so a rolled-back alert sends nothing.
    """
    try:
        with transaction.atomic():
            alert = StaffAlert.objects.create(
                recipient=recipient,
                complaint=complaint,
                kind=kind,
                key=key[:200],
                text=text,
                created_at=now,
            )
            if recipient.email and complaint is not None:
                _queue_alert_email(alert, subject=subject or text)
    except IntegrityError:
        if StaffAlert.objects.filter(recipient=recipient, key=key[:200]).exists():
            return None
        raise
    return alert


def unread_alerts(user):
    return StaffAlert.objects.filter(recipient=user, read_at__isnull=True)


def mark_read(user, alert_ids, *, now):
    """Mark the user's own alerts read; returns how many changed."""
    return StaffAlert.objects.filter(recipient=user, pk__in=alert_ids, read_at__isnull=True).update(
        read_at=now
    )


def _queue_alert_email(alert, *, subject):
    url = settings.SITE_URL + reverse("desk:complaint_detail", args=[alert.complaint.reference])
    stage = current_stage(alert.complaint)
    context = {
        "alert": alert,
        "complaint": alert.complaint,
        "stage": stage.label if stage else alert.complaint.stage,
        "url": url,
    }
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("notifications/email/staff_alert.txt", context)
    return queue_email(
        alert.complaint,
        purpose=OutboundEmail.Purpose.STAFF_ALERT,
        to=alert.recipient.email,
        subject=f"[{alert.complaint.reference}] {subject}"[:300],
        body=body,
        language=settings.LANGUAGE_CODE,
        now=alert.created_at,
    )


def mark_all_read(user, *, now):
    """Mark every unread alert of the user read; returns how many changed."""
    return unread_alerts(user).update(read_at=now)
