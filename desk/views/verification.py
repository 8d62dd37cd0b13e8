"""The verification checklist, asking the customer (WF-2) and resolution actions (WF-4) on the
complaint's page. The rules are in workflow.verification and workflow.resolution."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import staff_required
from complaints.queries import visible_complaints
from workflow.models import ChecklistItem, ResolutionAction, Stage
from workflow.queries import available_transitions, current_stage
from workflow.resolution import add_action, complete_action, reopen_action
from workflow.transitions import TransitionRefused
from workflow.verification import ask_customer, checklist_for, set_check

TEMPLATE = "desk/verification.html"


def visible_complaint_or_404(request, reference):
    return get_object_or_404(visible_complaints(request.user), reference=reference)


def verification_context(complaint, *, stage, transitions):
    """What the detail page's checklist, question and resolution cards show.

    `stage` is the complaint's Stage and `transitions` the moves open to the user (both
    already read by the page); three queries more.
    """
    # A merged duplicate is worked on through its survivor (WF-9), like a finished one.
    final = (stage is not None and stage.is_final) or complaint.merged_into_id is not None
    checklist = checklist_for(complaint) if not final else []
    actions = list(complaint.resolution_actions.select_related("done_by"))
    return {
        "is_final": final,
        "checklist": checklist,
        "checklist_groups": [
            (label, [item for item in checklist if item.kind == kind])
            for kind, label in ChecklistItem.Kind.choices
            if any(item.kind == kind for item in checklist)
        ],
        "checklist_done": sum(1 for item in checklist if item.mark),
        "ask_transition": next(
            (t for t in transitions if t.target.waits_for == Stage.WaitsFor.CUSTOMER), None
        ),
        "actions": actions,
        "actions_done": sum(1 for action in actions if action.done_at),
        "show_resolution": bool(actions)
        or any(transition.requires_actions_done for transition in transitions),
    }


def _card(request, complaint, partial, **extra):
    """Re-render one card for htmx, with what the user typed and the errors."""
    stage = current_stage(complaint)
    context = {
        "complaint": complaint,
        **verification_context(
            complaint, stage=stage, transitions=available_transitions(complaint, request.user)
        ),
        **extra,
    }
    return render(request, f"{TEMPLATE}#{partial}", context)


def _back(reference, anchor):
    return redirect(f"{reverse('desk:complaint_detail', args=[reference])}#{anchor}")


def _to_detail_page(request, reference, anchor):
    """After a change: htmx reloads the whole page (the timeline changed too)."""
    if request.htmx:
        # Without a #fragment: a change of the fragment alone would not load the page.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("desk:complaint_detail", args=[reference])
        return response
    return _back(reference, anchor)


@staff_required
@require_POST
def check(request, reference, pk):
    """Tick or untick one point; htmx swaps the checklist card in place."""
    complaint = visible_complaint_or_404(request, reference)
    item = get_object_or_404(ChecklistItem, pk=pk)
    error = ""
    try:
        set_check(
            complaint,
            item,
            checked=request.POST.get("checked") == "1",
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    if request.htmx:
        return _card(request, complaint, "checklist", checklist_error=error)
    if error:
        messages.error(request, error)
    return _back(reference, "checklist")


@staff_required
@require_POST
def ask(request, reference):
    """WF-2: ask the customer for what is missing; the complaint waits for them."""
    complaint = visible_complaint_or_404(request, reference)
    question = request.POST.get("question", "")
    try:
        ask_customer(
            complaint,
            question=question,
            by=request.user,
            now=timezone.now(),
            seen_stage=request.POST.get("seen_stage") or None,
        )
    except (ValidationError, TransitionRefused) as refusal:
        error = " ".join(getattr(refusal, "messages", [str(refusal)]))
        if request.htmx:
            return _card(request, complaint, "ask", question=question, ask_error=error)
        messages.error(request, error)
        return _back(reference, "ask-customer")
    messages.success(
        request,
        _("Question sent: %(reference)s waits for the customer.") % {"reference": reference},
    )
    return _to_detail_page(request, reference, "timeline")


@staff_required
@require_POST
def new_action(request, reference):
    complaint = visible_complaint_or_404(request, reference)
    text = request.POST.get("text", "")
    try:
        add_action(complaint, text=text, by=request.user, now=timezone.now())
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
        if request.htmx:
            return _card(request, complaint, "resolution", action_text=text, action_error=error)
        messages.error(request, error)
    else:
        messages.success(request, _("Action added."))
    return _to_detail_page(request, reference, "resolution")


@staff_required
@require_POST
def action_done(request, reference, pk):
    return _change_action(request, reference, pk, complete_action, _("Marked done: %(action)s"))


@staff_required
@require_POST
def action_reopen(request, reference, pk):
    return _change_action(request, reference, pk, reopen_action, _("Reopened: %(action)s"))


def _change_action(request, reference, pk, change, success):
    complaint = visible_complaint_or_404(request, reference)
    action = get_object_or_404(ResolutionAction, pk=pk, complaint=complaint)
    try:
        change(action, by=request.user, now=timezone.now())
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, success % {"action": action.text})
    return _back(reference, "resolution")
