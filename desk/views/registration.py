"""Staff register a complaint for a customer (IN-3)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import team_required
from complaints.customers import search_customers
from complaints.models import Complaint, Customer
from desk.forms import StaffComplaintForm
from desk.views.complaints import with_stages
from intake.registration import register_complaint
from workflow.queries import (
    default_process,
    stages_by_key,
)


@team_required
def new_complaint(request):
    if request.method == "POST" and "show_fields" in request.POST:
        form = StaffComplaintForm.refreshed(request)
    elif request.method == "POST":
        form = StaffComplaintForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = register_complaint(
                    channel=data["channel"],
                    customer=data["customer"],
                    language=data["language"],
                    priority=data["priority"],
                    received_at=timezone.now(),
                    registered_by=request.user,
                    owner=request.user if data["keep"] else None,
                    **form.registration_fields(),
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


@team_required
def attribute_fields(request):
    """htmx: the custom fields of the category chosen on the staff form."""
    initial = {key: value for key, value in request.GET.items() if key.startswith("attr_")}
    form = StaffComplaintForm(initial={**initial, "category": request.GET.get("category")})
    return render(request, "intake/attribute_fields.html", {"form": form})


@team_required
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


@team_required
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
            "customer_type": customer.customer_type,
        }
    )
    return render(request, "desk/new_complaint.html#contact", {"form": form, "picked": customer})
