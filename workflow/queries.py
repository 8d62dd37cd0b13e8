"""Reads of the process: which stages exist, which moves a member of staff may make."""

from django.db import IntegrityError, transaction

from complaints.models import Category
from workflow.defaults import create_default_process
from workflow.models import Process, Stage, Transition


def default_process():
    """The default process; the shipped one is created if there is none (a fresh database)."""
    process = Process.objects.filter(is_default=True).first()
    if process is None:
        try:
            with transaction.atomic():
                process = create_default_process(Process, Stage, Transition)
        except IntegrityError:  # created meanwhile by a concurrent request
            process = Process.objects.get(is_default=True)
    return process


def process_for(complaint):
    """The process a complaint follows: its category's, else the default one."""
    return process_for_category(complaint.category_id)


def process_for_category(category_id):
    """The process complaints in a category follow (the default one without a category)."""
    if category_id is not None:
        process = Process.objects.filter(categories=category_id).first()
        if process is not None:
            return process
    return default_process()


def complaints_following(process, complaints):
    """Narrow `complaints` to those that follow `process` (by their category)."""
    others = Process.objects.exclude(pk=process.pk)
    if not process.is_default:
        return complaints.filter(category__in=process.categories.values("pk"))
    if not others.filter(categories__isnull=False).exists():
        return complaints  # the usual case: every complaint follows the default process
    return complaints.exclude(category__in=Category.objects.filter(processes__in=others))


def initial_stage(process):
    return process.stages.order_by("position").filter(is_initial=True).first()


def stages_by_key(process):
    return {stage.key: stage for stage in process.stages.all()}


def current_stage(complaint, *, process=None):
    """The Stage the complaint is in, or None when its process no longer has it."""
    process = process or process_for(complaint)
    return Stage.objects.filter(process=process, key=complaint.stage).first()


def default_stages():
    """The default process's stages in order, for filters and labels on the desk."""
    return list(default_process().stages.order_by("position", "pk"))


def may_take(transition, user):
    """Whether `user`'s role may take `transition`.

    No roles listed means the complaint team (admins, managers, agents), not every account:
    a specialist consulted on a case (WF-6) reads and answers but moves nothing unless an
    admin names their role on the transition.
    """
    if transition.allowed_roles:
        return user.role in transition.allowed_roles
    return user.in_complaint_team


def available_transitions(complaint, user, *, process=None):
    """The moves `user` may make from the complaint's current stage, in stage order."""
    process = process or process_for(complaint)
    transitions = Transition.objects.filter(
        process=process, source__key=complaint.stage
    ).select_related("source", "target")
    return [transition for transition in transitions if may_take(transition, user)]
