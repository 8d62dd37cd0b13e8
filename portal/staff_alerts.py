"""Who hears of what a customer does in the portal: the owner, or the managers (the admins
where there is none) when the complaint has no owner; the managers too when it needs a
second look."""

from accounts.roles import managers_to_alert
from notifications.alerts import alert_staff


def alert_handlers(complaint, *, kind, key, text, subject, now, managers_too=False):
    """Alert the complaint's owner (and the managers when `managers_too` or nobody owns it),
    each once for `key`. Returns the alerts raised."""
    recipients = []
    owner = complaint.owner if complaint.owner_id else None
    if owner is not None and owner.is_active:
        recipients.append(owner)
    if managers_too or not recipients:
        recipients.extend(manager for manager in managers_to_alert() if manager != owner)
    alerts = []
    for recipient in recipients:
        alert = alert_staff(
            recipient,
            kind=kind,
            key=key,
            text=text,
            now=now,
            complaint=complaint,
            subject=subject,
        )
        if alert is not None:
            alerts.append(alert)
    return alerts
