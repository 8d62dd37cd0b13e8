from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import staff_required
from complaints.customers import Contact, search_customers
from complaints.models import Attachment, Complaint, Customer
from complaints.ownership import AlreadyOwned, assign_complaint, take_complaint
from complaints.queries import SORTS, customer_history, desk_complaints, visible_complaints
from desk.forms import AssignForm, ComplaintFilterForm, StaffComplaintForm
from intake.registration import register_complaint
from workflow.queries import available_transitions, default_process, process_for, stages_by_key
from workflow.transitions import TransitionRefused, move_complaint

PAGE_SIZE = 25


@staff_required
def complaint_list(request):
    filter_form = ComplaintFilterForm(request.GET)
    complaints = desk_complaints(request.user, **filter_form.filters())
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    with_stages(page.object_list, stages_by_key(default_process()))
    query = request.GET.copy()
    query.pop("page", None)
    template = "desk/complaint_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "sort_links": sort_links(query),
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


def _visible_complaint(request, reference):
    return get_object_or_404(
        visible_complaints(request.user).select_related("customer", "owner", "created_by"),
        reference=reference,
    )


def with_stages(complaints, stages):
    """Give each complaint its Stage (for names and colours) without a query per row."""
    for complaint in complaints:
        complaint.stage_info = stages.get(complaint.stage)
    return complaints


@staff_required
def complaint_detail(request, reference):
    complaint = _visible_complaint(request, reference)
    process = process_for(complaint)
    stages = stages_by_key(process)
    with_stages([complaint], stages)
    timeline = list(complaint.timeline.select_related("actor"))
    for entry in timeline:
        entry.source_stage = stages.get(entry.data.get("source"))
        entry.target_stage = stages.get(entry.data.get("target") or entry.data.get("stage"))
    other_complaints = with_stages(
        list(customer_history(complaint.customer, user=request.user, exclude=complaint)), stages
    )
    return render(
        request,
        "desk/complaint_detail.html",
        {
            "complaint": complaint,
            "transitions": available_transitions(complaint, request.user, process=process),
            "timeline": timeline,
            "attachments": complaint.attachments.select_related("uploaded_by"),
            "other_complaints": other_complaints,
            "assign_form": AssignForm(initial={"owner": complaint.owner_id})
            if request.user.is_manager
            else None,
        },
    )


@staff_required
@require_POST
def take(request, reference):
    complaint = _visible_complaint(request, reference)
    try:
        take_complaint(complaint, agent=request.user, now=timezone.now())
    except AlreadyOwned as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You own %(reference)s now.") % {"reference": reference})
    return redirect("desk:complaint_detail", reference=reference)


@staff_required
@require_POST
def move(request, reference):
    """Take a transition; the board's drag and drop posts here too."""
    complaint = _visible_complaint(request, reference)
    to = request.POST.get("to", "")
    try:
        moved = move_complaint(
            complaint,
            to=to,
            by=request.user,
            now=timezone.now(),
            seen_stage=request.POST.get("seen_stage") or None,
            reason=request.POST.get("reason", ""),
        )
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        stage = stages_by_key(process_for(moved)).get(moved.stage)
        messages.success(
            request,
            _("%(reference)s moved to “%(stage)s”.")
            % {"reference": reference, "stage": stage.label if stage else moved.stage},
        )
    return redirect("desk:complaint_detail", reference=reference)


@staff_required
@require_POST
def assign(request, reference):
    complaint = _visible_complaint(request, reference)
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
def new_complaint(request):
    if request.method == "POST":
        form = StaffComplaintForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = register_complaint(
                    channel=data["channel"],
                    contact=Contact(name=data["name"], email=data["email"], phone=data["phone"]),
                    customer=data["customer"],
                    product=data["product"],
                    order_number=data["order_number"],
                    purchase_date=data["purchase_date"],
                    description=data["description"],
                    requested_remedy=data["requested_remedy"],
                    uploads=data["attachments"],
                    language=data["language"],
                    priority=data["priority"],
                    received_at=timezone.now(),
                    consent_given=data["consent"],
                    registered_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Complaint %(reference)s registered.") % {"reference": complaint.reference},
                )
                return redirect("desk:complaint_detail", reference=complaint.reference)
    else:
        form = StaffComplaintForm(initial={"language": request.LANGUAGE_CODE})
    return render(request, "desk/new_complaint.html", {"form": form})


@staff_required
def customer_search(request):
    """htmx: customers matching what staff typed, with their latest complaints."""
    query = next(
        (
            request.GET.get(f, "").strip()
            for f in ("email", "phone", "name")
            if len(request.GET.get(f, "").strip()) >= 2
        ),
        "",
    )
    recent = Complaint.objects.order_by("-received_at")
    customers = list(
        search_customers(query).prefetch_related(
            Prefetch("complaints", queryset=recent[:5], to_attr="recent_complaints")
        )
    )
    stages = stages_by_key(default_process())
    for customer in customers:
        with_stages(customer.recent_complaints, stages)
    return render(
        request, "desk/new_complaint.html#matches", {"customers": customers, "query": query}
    )


@staff_required
def customer_pick(request, pk):
    """htmx: the contact fields filled in from an existing customer."""
    customer = get_object_or_404(Customer, pk=pk)
    form = StaffComplaintForm(
        initial={
            "customer": customer.pk,
            "name": customer.name,
            "email": customer.email,
            "phone": customer.phone,
            "language": customer.language,
        }
    )
    return render(request, "desk/new_complaint.html#contact", {"form": form, "picked": customer})


@staff_required
def attachment_file(request, pk, variant="file"):
    """Serve an attachment to staff who may see its complaint, never as active content."""
    attachment = get_object_or_404(Attachment.objects.select_related("complaint"), pk=pk)
    if not visible_complaints(request.user).filter(pk=attachment.complaint_id).exists():
        raise Http404
    field = attachment.thumbnail if variant == "thumbnail" else attachment.file
    if not field:
        raise Http404
    response = FileResponse(
        field.open("rb"),
        content_type="image/jpeg" if variant == "thumbnail" else attachment.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=attachment.original_name,
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    return response
