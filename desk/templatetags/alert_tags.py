"""The desk navigation's count of unread warnings (DL-3): one capped COUNT on the inbox index."""

from django import template

from notifications.alerts import unread_alerts

register = template.Library()

# Past this the badge says "99+": counting further would cost a read per alert.
COUNT_CAP = 99


@register.simple_tag
def unread_alert_count(user):
    if not getattr(user, "is_authenticated", False):
        return ""
    count = unread_alerts(user)[: COUNT_CAP + 1].count()
    if count > COUNT_CAP:
        return f"{COUNT_CAP}+"
    return count or ""


@register.filter
def iso_datetime(value):
    """A moment stored as ISO text in a timeline entry's data, as a datetime ("" if malformed)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
