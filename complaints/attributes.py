"""Changing what staff classify a complaint by (WF-8); each change is on the timeline."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.models import Complaint, Priority, TimelineEntry
from complaints.timeline import record_event


def set_priority(complaint, *, priority, by, now):
    """Change the priority; recording who changed it from what. Locks the row."""
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose a priority from the list.")})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.priority == priority:
            return locked
        previous = locked.priority
        locked.priority = priority
        locked.save(update_fields=["priority", "updated_at"])
        record_event(
            locked,
            TimelineEntry.Kind.PRIORITY,
            at=now,
            actor=by,
            previous=previous,
            priority=priority,
        )
    return locked
