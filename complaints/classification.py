"""Changing what staff classify a complaint by (WF-8): priority, type, complexity and tags.
Every change is on the timeline. (The category decides the process, so changing it is the
workflow's business: see workflow.categories.)"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from complaints.models import Complaint, ComplaintType, Complexity, Priority, Tag, TimelineEntry
from complaints.signals import classified
from complaints.timeline import record_event

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length
TAGS_PER_COMPLAINT = 20


def refuse_outside_team(by):
    """Specialists consulted on a complaint (WF-6) read it; the complaint team classifies it."""
    if not by.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team classifies complaints."))


def set_priority(complaint, *, priority, by, now):
    """Change the priority; recording who changed it from what. Locks the row."""
    refuse_outside_team(by)
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
        classified.send(sender=Complaint, complaint=locked, now=now)
    return locked


def classify(complaint, *, by, now, type=None, complexity=None):
    """Set the type and/or the complexity (None leaves one as it is). Locks the row."""
    refuse_outside_team(by)
    errors = {}
    if type is not None and type not in ["", *ComplaintType.values]:
        errors["type"] = _("Choose a type from the list.")
    if complexity is not None and complexity not in Complexity.values:
        errors["complexity"] = _("Choose a complexity from the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        changes = {}
        for field, value in (("type", type), ("complexity", complexity)):
            if value is not None and getattr(locked, field) != value:
                changes[field] = [getattr(locked, field), value]
                setattr(locked, field, value)
        if changes:
            locked.save(update_fields=[*changes, "updated_at"])
            record_event(locked, TimelineEntry.Kind.CLASSIFIED, at=now, actor=by, **changes)
            classified.send(sender=Complaint, complaint=locked, now=now)
    return locked


def parse_tag_names(text):
    """Tag names from what a user typed: comma-separated, trimmed, duplicates dropped."""
    names, seen = [], set()
    for name in text.split(","):
        name = " ".join(name.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _tags_named(names):
    """The Tag for each name, matched case-insensitively, created when new."""
    errors = [
        _("“%(tag)s” is too long: a tag has at most %(max)d characters.")
        % {"tag": name[:30] + "…", "max": TAG_MAX_LENGTH}
        for name in names
        if len(name) > TAG_MAX_LENGTH
    ]
    if errors:
        raise ValidationError({"tags": errors})
    existing = {
        tag.name.casefold(): tag
        for tag in Tag.objects.annotate(lower=Lower("name")).filter(
            lower__in=[name.lower() for name in names]
        )
    }
    tags = []
    for name in names:
        tag = existing.get(name.casefold())
        if tag is None:
            tag, _created = Tag.objects.get_or_create(name__iexact=name, defaults={"name": name})
        tags.append(tag)
    return tags


def set_tags(complaint, *, names, by, now):
    """Make the complaint's tags exactly `names`; new tags are created. Locks the row."""
    return _change_tags(complaint, by=by, now=now, wanted=names, mode="set")


def add_tags(complaint, *, names, by, now):
    """Add tags (for bulk actions); tags already there are left alone."""
    return _change_tags(complaint, by=by, now=now, wanted=names, mode="add")


def _change_tags(complaint, *, by, now, wanted, mode):
    refuse_outside_team(by)
    names = parse_tag_names(",".join(wanted))
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        current = {tag.pk: tag for tag in locked.tags.all()}
        tags = _tags_named(names)
        if mode == "set":
            target = {tag.pk: tag for tag in tags}
        else:
            target = {**current, **{tag.pk: tag for tag in tags}}
        if len(target) > TAGS_PER_COMPLAINT:
            raise ValidationError(
                {
                    "tags": _("A complaint can have at most %(max)d tags.")
                    % {"max": TAGS_PER_COMPLAINT}
                }
            )
        added = [tag for pk, tag in target.items() if pk not in current]
        removed = [tag for pk, tag in current.items() if pk not in target]
        if added or removed:
            locked.tags.add(*added)
            locked.tags.remove(*removed)
            locked.save(update_fields=["updated_at"])
            record_event(
                locked,
                TimelineEntry.Kind.CLASSIFIED,
                at=now,
                actor=by,
                tags_added=[tag.name for tag in added],
                tags_removed=[tag.name for tag in removed],
            )
    return locked
