"""Related complaints on the desk (WF-9): link, unlink, and merge a duplicate into another."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import staff_required
from complaints.merging import check_merge, link_complaints, merge_complaint, unlink_complaints
from desk.related import ReferenceForm
from desk.views.complaints import visible_complaint_or_404, with_stages
from workflow.queries import process_for, stages_by_key


def _detail_url(reference, anchor="related"):
    return f"{reverse('desk:complaint_detail', args=[reference])}#{anchor}"


@staff_required
def link(request, reference):
    """Link the complaint to another by its reference; a bad reference is said on a page
    that keeps what was typed."""
    complaint = visible_complaint_or_404(request, reference)
    form = ReferenceForm(
        request.POST or None, user=request.user, label=_("Link to the complaint with the reference")
    )
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["reference"]
        try:
            link_complaints(complaint, other, by=request.user, now=timezone.now())
        except ValidationError as error:
            form.add_error("reference", error)
        else:
            messages.success(
                request,
                _("%(reference)s is linked to %(other)s.")
                % {"reference": complaint.reference, "other": other.reference},
            )
            return redirect(_detail_url(complaint.reference))
    return render(request, "desk/link_complaint.html", {"complaint": complaint, "form": form})


@staff_required
def unlink(request, reference, other):
    """Ask first, then remove the link between two complaints."""
    complaint = visible_complaint_or_404(request, reference)
    other_complaint = visible_complaint_or_404(request, other)
    if request.method == "POST":
        try:
            unlink_complaints(complaint, other_complaint, by=request.user, now=timezone.now())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(reference)s and %(other)s are no longer linked.")
                % {"reference": complaint.reference, "other": other_complaint.reference},
            )
        return redirect(_detail_url(complaint.reference))
    return render(
        request,
        "desk/unlink_complaint.html",
        {"complaint": complaint, "other": other_complaint},
    )


@staff_required
def merge(request, reference):
    """Merge this complaint into the one whose reference is given: both side by side first,
    then a confirmed POST makes the merge."""
    complaint = visible_complaint_or_404(request, reference)
    data = request.POST if request.method == "POST" else request.GET
    form = ReferenceForm(
        data if "reference" in data else None,
        user=request.user,
        label=_("Merge into the complaint with the reference"),
    )
    survivor = form.cleaned_data["reference"] if form.is_valid() else None
    if survivor is not None and request.method == "GET":
        try:
            check_merge(complaint, into=survivor)
        except ValidationError as error:
            form.add_error("reference", error)
            survivor = None
    if survivor is not None and request.method == "POST":
        try:
            merge_complaint(complaint, into=survivor, by=request.user, now=timezone.now())
        except ValidationError as error:
            form.add_error("reference", error)
            survivor = None
        else:
            messages.success(
                request,
                _("%(reference)s was merged into %(survivor)s.")
                % {"reference": complaint.reference, "survivor": survivor.reference},
            )
            return redirect("desk:complaint_detail", reference=complaint.reference)
    pair = [complaint] if survivor is None else [complaint, survivor]
    for each in pair:
        with_stages([each], stages_by_key(process_for(each)))
    return render(
        request,
        "desk/merge_complaint.html",
        {
            "complaint": complaint,
            "survivor": survivor,
            "pair": pair,
            "form": form,
            "customers_differ": survivor is not None
            and survivor.customer_id != complaint.customer_id,
            "attachment_count": complaint.attachments.count(),
            "entry_count": complaint.timeline.count(),
        },
    )
