"""Complaint list, detail, ownership and moves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import staff_required
from complaints.classification import parse_tag_names
from complaints.models import Tag, TimelineEntry
from complaints.notes import add_note
from complaints.ownership import AlreadyOwned, assign_complaint, take_complaint
from complaints.queries import SORTS, customer_history, desk_complaints, visible_complaints
from deadlines.models import ComplaintClock
from desk.attachments_card import attachments_card
from desk.columns import list_columns, load_for_columns
from desk.forms import AssignForm, ClassificationForm, ComplaintFilterForm, DecisionForm
from desk.legal_forms import CustomerTypeForm
from desk.related import merging_context
from desk.views.table import table_context
from desk.views.verification import verification_context
from workflow.categories import reclassify
from workflow.decisions import decision_transition, entry_remedy_labels, record_decision
from workflow.models import Decision
from workflow.queries import (
    available_transitions,
    default_process,
    process_for,
    stages_by_key,
)
from workflow.steps import take_step
from workflow.transitions import TransitionRefused

PAGE_SIZE = 25


@staff_required
def complaint_list(request):
    stages = list(default_process().stages.all())
    filter_form = ComplaintFilterForm(request.GET, stages=stages)
    columns = list_columns(request.user)
    complaints = load_for_columns(desk_complaints(request.user, **filter_form.filters()), columns)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    with_stages(page.object_list, {stage.key: stage for stage in stages})
    query = request.GET.copy()
    query.pop("page", None)
    template = "desk/complaint_list.html"
    partial = request.htmx and not request.htmx.boosted
    if partial:
        template += "#results"
    return render(
        request,
        template,
        {
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            **table_context(
                request,
                filter_form=filter_form,
                columns=columns,
                sort_links=sort_links(query),
                stages=stages,
                partial=partial,
            ),
        },
    )


def sort_links(query):
    """Column header links: sort by the column, or reverse it when it is the current sort."""
    current = query.get("sort") or "-received"
    links = {}
    for key in SORTS:
        toggled = query.copy()
        toggled["sort"] = f"-{key}" if current == key else key
        links[key] = {
            "url": "?" + toggled.urlencode(),
            "mark": "▲" if current == key else "▼" if current == f"-{key}" else "",
        }
    return links


def visible_complaint_or_404(request, reference):
    return get_object_or_404(
        visible_complaints(request.user)
        .select_related("customer", "owner", "created_by", "repeat_of", "category", "merged_into")
        .prefetch_related("tags"),
        reference=reference,
    )


def with_stages(complaints, stages):
    """Give each complaint its Stage (for names and colours) without a query per row."""
    for complaint in complaints:
        complaint.stage_info = stages.get(complaint.stage)
    return complaints


@staff_required
def complaint_detail(request, reference):
    complaint = visible_complaint_or_404(request, reference)
    process = process_for(complaint)
    stages = stages_by_key(process)
    with_stages([complaint], stages)
    timeline = list(complaint.timeline.select_related("actor"))
    for entry in timeline:
        entry.source_stage = stages.get(entry.data.get("source"))
        entry.target_stage = stages.get(entry.data.get("target") or entry.data.get("stage"))
        if entry.kind == TimelineEntry.Kind.DECISION:
            entry.decision_remedy, entry.decision_offered = entry_remedy_labels(entry.data)
    transitions = available_transitions(complaint, request.user, process=process)
    if complaint.merged_into_id:
        transitions = []  # a merged duplicate is worked on through its survivor (WF-9)
    verification = verification_context(
        complaint, stage=stages.get(complaint.stage), transitions=transitions
    )
    other_complaints = with_stages(
        list(customer_history(complaint.customer, user=request.user, exclude=complaint)), stages
    )
    return render(
        request,
        "desk/complaint_detail.html",
        {
            "complaint": complaint,
            "deemed_accepted_at": ComplaintClock.objects.filter(complaint=complaint)
            .values_list("deemed_accepted_at", flat=True)
            .first(),
            "transitions": transitions,
            "decidable": any(transition.decision_outcomes for transition in transitions),
            "classification_form": ClassificationForm(complaint=complaint),
            "known_tags": Tag.objects.values_list("name", flat=True)[:200],
            "timeline": timeline,
            **attachments_card(complaint, request.user),
            "other_complaints": other_complaints,
            "customer_type_form": CustomerTypeForm(
                initial={"customer_type": complaint.customer.customer_type}
            ),
            "assign_form": AssignForm(initial={"owner": complaint.owner_id})
            if request.user.is_manager
            else None,
            **merging_context(complaint, request.user, timeline=timeline, stages=stages),
            **verification,
        },
    )


@staff_required
@require_POST
def take(request, reference):
    complaint = visible_complaint_or_404(request, reference)
    try:
        take_complaint(complaint, agent=request.user, now=timezone.now())
    except AlreadyOwned as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You own %(reference)s now.") % {"reference": reference})
    return redirect("desk:complaint_detail", reference=reference)


@staff_required
@require_POST
def assign(request, reference):
    complaint = visible_complaint_or_404(request, reference)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a member of staff from the list."))
        return redirect("desk:complaint_detail", reference=reference)
    owner = form.cleaned_data["owner"]
    try:
        assign_complaint(complaint, to=owner, by=request.user, now=timezone.now())
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        if owner:
            messages.success(request, _("Assigned to %(owner)s.") % {"owner": owner})
        else:
            messages.success(request, _("Returned to the shared queue."))
    return redirect("desk:complaint_detail", reference=reference)


@staff_required
@require_POST
def move(request, reference):
    """Take a transition. The board posts here too and asks for JSON instead of a redirect."""
    complaint = visible_complaint_or_404(request, reference)
    wants_json = request.headers.get("Accept") == "application/json"
    try:
        moved = take_step(
            complaint,
            to=request.POST.get("to", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
            now=timezone.now(),
            seen_stage=request.POST.get("seen_stage") or None,
        )
    except (TransitionRefused, ValidationError) as refusal:
        message = str(refusal) if isinstance(refusal, TransitionRefused) else refusal.messages[0]
        if wants_json:
            return JsonResponse({"ok": False, "message": message}, status=409)
        messages.error(request, message)
    else:
        stage = stages_by_key(process_for(moved)).get(moved.stage)
        message = _("%(reference)s moved to “%(stage)s”.") % {
            "reference": reference,
            "stage": stage.label if stage else moved.stage,
        }
        if wants_json:
            return JsonResponse({"ok": True, "message": message, "stage": moved.stage})
        messages.success(request, message)
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("desk:complaint_detail", reference=reference)


@staff_required
def decide(request, reference):
    """WF-3: record a decision; the process moves the complaint for its outcome."""
    complaint = visible_complaint_or_404(request, reference)
    seen_stage = request.POST.get("seen_stage") or complaint.stage
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                record_decision(
                    complaint,
                    by=request.user,
                    now=timezone.now(),
                    seen_stage=seen_stage,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            except TransitionRefused as refusal:
                messages.error(request, str(refusal))
                return redirect("desk:complaint_detail", reference=reference)
            else:
                messages.success(
                    request, _("Decision recorded for %(reference)s.") % {"reference": reference}
                )
                return redirect("desk:complaint_detail", reference=reference)
    else:
        outcome = request.GET.get("outcome")
        form = DecisionForm(
            initial={
                "outcome": outcome if outcome in Decision.Outcome.values else None,
                "remedy": complaint.requested_remedy
                if complaint.requested_remedy in Decision.Remedy.values
                else "",
            }
        )
    stages = stages_by_key(process_for(complaint))
    with_stages([complaint], stages)
    return render(
        request,
        "desk/decide.html",
        {
            "complaint": complaint,
            "form": form,
            "seen_stage": seen_stage,
            "can_decide": any(
                decision_transition(complaint, outcome) for outcome in Decision.Outcome.values
            ),
        },
    )


@staff_required
@require_POST
def note(request, reference):
    complaint = visible_complaint_or_404(request, reference)
    try:
        add_note(
            complaint,
            text=request.POST.get("text", ""),
            is_public=request.POST.get("is_public") == "on",
            by=request.user,
            now=timezone.now(),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Note added."))
    return redirect(f"{reverse('desk:complaint_detail', args=[reference])}#timeline")


@staff_required
@require_POST
def change_classification(request, reference):
    """WF-8: priority, category, type, complexity and tags, from one form."""
    complaint = visible_complaint_or_404(request, reference)
    form = ClassificationForm(request.POST, complaint=complaint)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("desk:complaint_detail", reference=reference)
    data = form.cleaned_data
    try:
        reclassify(
            complaint,
            by=request.user,
            now=timezone.now(),
            priority=data["priority"],
            category=data["category"],
            type=data["type"],
            complexity=data["complexity"],
            tags=parse_tag_names(data["tags"]),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Classification saved."))
    return redirect("desk:complaint_detail", reference=reference)
