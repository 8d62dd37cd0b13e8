"""Changing the process (WF-1). Every change is checked as a whole before it commits:
one initial stage, at least one final stage, every stage reachable from the start."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.models import Complaint
from workflow.models import ChecklistItem, Process, Stage, Transition
from workflow.queries import complaints_following
from workflow.transitions import REQUIRABLE_FIELDS


def check_process(process):
    """Raise ValidationError listing what makes the process unusable."""
    stages = list(process.stages.all())
    problems = []
    initial = [stage for stage in stages if stage.is_initial]
    if len(initial) != 1:
        problems.append(_("Exactly one stage must be where new complaints start."))
    if not any(stage.is_final for stage in stages):
        problems.append(_("At least one stage must be final."))
    if len(initial) == 1:
        edges = {}
        for source, target in process.transitions.values_list("source__key", "target__key"):
            edges.setdefault(source, set()).add(target)
        reached, frontier = {initial[0].key}, [initial[0].key]
        while frontier:
            for target in edges.get(frontier.pop(), ()):
                if target not in reached:
                    reached.add(target)
                    frontier.append(target)
        unreachable = [stage.label for stage in stages if stage.key not in reached]
        if unreachable:
            problems.append(
                _("No complaint can reach: %(stages)s. Add a transition into it.")
                % {"stages": ", ".join(str(label) for label in unreachable)}
            )
        dead_ends = [
            stage.label for stage in stages if not stage.is_final and not edges.get(stage.key)
        ]
        if dead_ends:
            problems.append(
                _("A complaint would be stuck in: %(stages)s. Add a way out or make it final.")
                % {"stages": ", ".join(str(label) for label in dead_ends)}
            )
    if problems:
        raise ValidationError(problems)


def add_stage(
    process,
    *,
    name,
    key="",
    after=None,
    customer_text="",
    is_final=False,
    notify_customer=False,
    clock="",
    waits_for="",
    sources=(),
    targets=(),
):
    """Add a stage after `after` (a Stage) with transitions from `sources` and to `targets`."""
    key = slugify(key or name).replace("-", "_")[:50]
    if not name.strip():
        raise ValidationError({"name": _("Give the stage a name.")})
    if not key:
        raise ValidationError({"key": _("Give the stage a key of letters and digits.")})
    if process.stages.filter(key=key).exists():
        raise ValidationError(
            {"key": _("Another stage already has the key “%(key)s”.") % {"key": key}}
        )
    with transaction.atomic():
        if after is not None:
            position = after.position + 1
            process.stages.filter(position__gte=position).update(position=F("position") + 1)
        else:
            position = (process.stages.aggregate(Max("position"))["position__max"] or 0) + 10
        stage = Stage.objects.create(
            process=process,
            key=key,
            name=name.strip(),
            customer_text=customer_text.strip(),
            position=position,
            is_final=is_final,
            notify_customer=notify_customer,
            clock=clock,
            waits_for=waits_for,
        )
        for source in sources:
            Transition.objects.create(process=process, source=source, target=stage)
        for target in targets:
            Transition.objects.create(process=process, source=stage, target=target)
        check_process(process)
    return stage


def update_stage(stage, *, name, customer_text, is_final, notify_customer, clock, waits_for=""):
    with transaction.atomic():
        stage.name = name.strip() or stage.name
        stage.customer_text = customer_text.strip()
        stage.is_final = is_final
        stage.notify_customer = notify_customer
        stage.clock = clock
        stage.waits_for = waits_for
        stage.save()
        check_process(stage.process)
    return stage


def delete_stage(stage):
    """Remove a stage and its transitions; refused while complaints are in it."""
    following = complaints_following(stage.process, Complaint.objects.all())
    in_stage = following.filter(stage=stage.key).count()
    if in_stage:
        raise ValidationError(
            ngettext(
                "%(count)d complaint is in “%(stage)s”. Move it elsewhere first.",
                "%(count)d complaints are in “%(stage)s”. Move them elsewhere first.",
                in_stage,
            )
            % {"count": in_stage, "stage": stage.label}
        )
    with transaction.atomic():
        process = stage.process
        stage.delete()
        check_process(process)


def add_transition(
    process,
    *,
    source,
    target,
    allowed_roles=(),
    requires_reason=False,
    requires_checklist=False,
    requires_actions_done=False,
    required_fields=(),
):
    check_required_fields(required_fields)
    if source == target:
        raise ValidationError(_("A transition must lead to another stage."))
    if Transition.objects.filter(source=source, target=target).exists():
        raise ValidationError(_("That transition exists already."))
    with transaction.atomic():
        transition = Transition.objects.create(
            process=process,
            source=source,
            target=target,
            allowed_roles=list(allowed_roles),
            requires_reason=requires_reason,
            requires_checklist=requires_checklist,
            requires_actions_done=requires_actions_done,
            required_fields=list(required_fields),
        )
        check_process(process)
    return transition


def check_required_fields(names):
    unknown = [name for name in names if name not in REQUIRABLE_FIELDS]
    if unknown:
        raise ValidationError(
            _("A transition cannot require %(fields)s.") % {"fields": ", ".join(unknown)}
        )


def update_transition(
    transition,
    *,
    allowed_roles,
    requires_reason,
    requires_checklist,
    requires_actions_done,
    required_fields=(),
):
    """Change who may take a transition and what it requires; its stages stay."""
    check_required_fields(required_fields)
    transition.required_fields = list(required_fields)
    transition.allowed_roles = list(allowed_roles)
    transition.requires_reason = requires_reason
    transition.requires_checklist = requires_checklist
    transition.requires_actions_done = requires_actions_done
    transition.save(
        update_fields=[
            "allowed_roles",
            "requires_reason",
            "requires_checklist",
            "requires_actions_done",
            "required_fields",
        ]
    )
    return transition


def delete_transition(transition):
    with transaction.atomic():
        process = transition.process
        transition.delete()
        check_process(process)


# Several processes (WF-1): one per category, e.g. goods, services, B2B.


def copy_process(process, *, name):
    """A new process with the stages and transitions of `process`, to adapt for a category."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the process a name.")})
    if Process.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("Another process is called “%(name)s”.") % {"name": name}})
    with transaction.atomic():
        copy = Process.objects.create(name=name)
        stages = {}
        for stage in process.stages.all():
            original = stage.pk
            stage.pk = None
            stage.process = copy
            stage.save(force_insert=True)
            stages[original] = stage
        for transition in process.transitions.all():
            transition.pk = None
            transition.process = copy
            transition.source = stages[transition.source_id]
            transition.target = stages[transition.target_id]
            transition.save(force_insert=True)
    return copy


def set_category_process(category, process):
    """Let complaints in `category` follow `process` (the default one: no process of its own).

    Refused while some of the category's complaints are in a stage the process lacks.
    """
    with transaction.atomic():
        keys = set(process.stages.values_list("key", flat=True))
        stranded = sorted(
            set(
                Complaint.objects.filter(category=category)
                .exclude(stage__in=keys)
                .values_list("stage", flat=True)
            )
        )
        if stranded:
            raise ValidationError(
                _(
                    "Complaints in “%(category)s” are in stages that “%(process)s” does not "
                    "have (%(stages)s). Add those stages to it or move the complaints first."
                )
                % {"category": category, "process": process, "stages": ", ".join(stranded)}
            )
        category.processes.clear()
        if not process.is_default:
            process.categories.add(category)


def delete_process(process):
    """Remove a process nobody follows; its categories go back to the default process."""
    if process.is_default:
        raise ValidationError(_("The default process cannot be removed."))
    following = complaints_following(process, Complaint.objects.all()).count()
    if following:
        raise ValidationError(
            ngettext(
                "%(count)d complaint follows “%(process)s”. Give its category another "
                "process first.",
                "%(count)d complaints follow “%(process)s”. Give their categories another "
                "process first.",
                following,
            )
            % {"count": following, "process": process}
        )
    process.delete()


def save_checklist_item(item=None, *, text, kind, category=None, position=None, is_active=True):
    """Add a checklist item (WF-2), or change `item`. Without a category it applies to all."""
    text = text.strip()
    errors = {}
    if not text:
        errors["text"] = _("Say what the agent checks.")
    if kind not in ChecklistItem.Kind.values:
        errors["kind"] = _("Choose completeness or legitimacy.")
    if errors:
        raise ValidationError(errors)
    item = item or ChecklistItem()
    if position is None and item.pk is None:
        last = ChecklistItem.objects.aggregate(Max("position"))["position__max"] or 0
        position = last + 10
    item.text = text
    item.kind = kind
    item.category = category
    if position is not None:
        item.position = position
    item.is_active = is_active
    item.save()
    return item


def delete_checklist_item(item):
    """Remove an item and its ticks; the timeline keeps what was checked."""
    item.delete()
