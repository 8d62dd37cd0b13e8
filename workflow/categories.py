"""Changing a complaint's category. The category chooses the process (WF-1), so a complaint
may change category only where its current stage exists in the new process too."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from complaints.classification import classify, refuse_outside_team, set_priority, set_tags
from complaints.models import Category, Complaint, TimelineEntry
from complaints.signals import classified
from complaints.timeline import record_event
from workflow.queries import process_for, process_for_category


def change_category(complaint, *, category, by, now):
    """Put the complaint in `category` (a Category or None). Locks the row.

    Refused, changing nothing, when the category is no longer offered or when the new
    category's process has no stage with the complaint's current stage key.
    """
    refuse_outside_team(by)
    if category is not None and not isinstance(category, Category):
        raise ValidationError({"category": _("Choose a category from the list.")})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        new_id = category.pk if category else None
        if locked.category_id == new_id:
            return locked
        if category is not None and not category.is_active:
            raise ValidationError(
                {
                    "category": _("The category “%(category)s” is no longer in use.")
                    % {"category": category}
                }
            )
        old_process = process_for(locked)
        new_process = process_for_category(new_id)
        if new_process != old_process and not new_process.stages.filter(key=locked.stage).exists():
            stage = old_process.stages.filter(key=locked.stage).first()
            raise ValidationError(
                {
                    "category": _(
                        "Complaints in “%(category)s” follow the process “%(process)s”, which "
                        "has no stage “%(stage)s”. Move the complaint to a stage both processes "
                        "have first."
                    )
                    % {
                        "category": category or _("no category"),
                        "process": new_process,
                        "stage": stage.label if stage else locked.stage,
                    }
                }
            )
        previous = locked.category
        locked.category = category
        locked.save(update_fields=["category", "updated_at"])
        record_event(
            locked,
            TimelineEntry.Kind.CLASSIFIED,
            at=now,
            actor=by,
            category=[str(previous) if previous else "", str(category) if category else ""],
        )
        classified.send(sender=Complaint, complaint=locked, now=now)
    return locked


def reclassify(complaint, *, by, now, priority, category, type, complexity, tags):
    """Everything the desk's classification form sets, all or nothing."""
    with transaction.atomic():
        set_priority(complaint, priority=priority, by=by, now=now)
        change_category(complaint, category=category, by=by, now=now)
        classify(complaint, type=type, complexity=complexity, by=by, now=now)
        return set_tags(complaint, names=tags, by=by, now=now)
