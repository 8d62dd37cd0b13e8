"""Settings: the process editor (WF-1), for admins."""

from django.contrib import messages
from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from desk.forms import AddStageForm, AddTransitionForm, EditStageForm, EditTransitionForm
from workflow.configuration import (
    add_stage,
    add_transition,
    delete_stage,
    delete_transition,
    update_stage,
    update_transition,
)
from workflow.diagram import process_diagram
from workflow.models import Process, Stage, Transition
from workflow.queries import default_process

admin_required = user_passes_test(
    lambda user: user.is_authenticated and user.is_active and user.role == Role.ADMIN
)


def _errors_to_messages(request, error):
    for message in error.messages:
        messages.error(request, message)


def process_url(process):
    if process.is_default:
        return reverse("desk:process_settings")
    return reverse("desk:process_edit", args=[process.pk])


@admin_required
def process_settings(request, pk=None):
    process = get_object_or_404(Process, pk=pk) if pk else default_process()
    stage_form = AddStageForm(process=process, prefix="stage")
    transition_form = AddTransitionForm(process=process, prefix="transition")
    if request.method == "POST" and "add_stage" in request.POST:
        stage_form = AddStageForm(request.POST, process=process, prefix="stage")
        if stage_form.is_valid():
            try:
                stage = add_stage(process, **stage_form.cleaned_data)
            except ValidationError as error:
                stage_form.add_error(None, error)
            else:
                messages.success(request, _("Stage “%(stage)s” added.") % {"stage": stage.label})
                return redirect(process_url(process))
    elif request.method == "POST" and "add_transition" in request.POST:
        transition_form = AddTransitionForm(request.POST, process=process, prefix="transition")
        if transition_form.is_valid():
            try:
                add_transition(process, **transition_form.cleaned_data)
            except ValidationError as error:
                transition_form.add_error(None, error)
            else:
                messages.success(request, _("Transition added."))
                return redirect(process_url(process))
    return render(
        request,
        "desk/process_settings.html",
        {
            "process": process,
            "processes": Process.objects.all(),
            "stages": process.stages.all(),
            "transitions": process.transitions.select_related("source", "target"),
            "diagram": process_diagram(process),
            "stage_form": stage_form,
            "transition_form": transition_form,
        },
    )


@admin_required
def edit_stage(request, pk):
    stage = get_object_or_404(Stage.objects.select_related("process"), pk=pk)
    form = EditStageForm(request.POST or None, instance_stage=stage)
    if request.method == "POST" and form.is_valid():
        try:
            update_stage(stage, **form.cleaned_data)
        except ValidationError as error:
            stage.refresh_from_db()
            form.add_error(None, error)
        else:
            messages.success(request, _("Stage “%(stage)s” saved.") % {"stage": stage.label})
            return redirect(process_url(stage.process))
    return render(
        request,
        "desk/stage_edit.html",
        {"stage": stage, "form": form, "back": process_url(stage.process)},
    )


@admin_required
def remove_stage(request, pk):
    stage = get_object_or_404(Stage.objects.select_related("process"), pk=pk)
    if request.method == "POST":
        try:
            delete_stage(stage)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Stage removed."))
        return redirect(process_url(stage.process))
    return render(
        request,
        "desk/confirm_delete.html",
        {
            "what": _("the stage “%(stage)s” and its transitions") % {"stage": stage.label},
            "back": process_url(stage.process),
        },
    )


@admin_required
def edit_transition(request, pk):
    transition = get_object_or_404(
        Transition.objects.select_related("source", "target", "process"), pk=pk
    )
    form = EditTransitionForm(request.POST or None, transition=transition)
    if request.method == "POST" and form.is_valid():
        update_transition(transition, **form.cleaned_data)
        messages.success(
            request, _("Transition %(transition)s saved.") % {"transition": transition}
        )
        return redirect(process_url(transition.process))
    return render(
        request,
        "desk/transition_edit.html",
        {"transition": transition, "form": form, "back": process_url(transition.process)},
    )


@admin_required
def remove_transition(request, pk):
    transition = get_object_or_404(
        Transition.objects.select_related("source", "target", "process"), pk=pk
    )
    if request.method == "POST":
        try:
            delete_transition(transition)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Transition removed."))
        return redirect(process_url(transition.process))
    return render(
        request,
        "desk/confirm_delete.html",
        {
            "what": _("the transition %(transition)s") % {"transition": transition},
            "back": process_url(transition.process),
        },
    )
