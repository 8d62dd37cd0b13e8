"""Expert opinions on the desk (WF-6): ask, answer, cancel, and what I am consulted on."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.roles import staff_required
from complaints.queries import visible_complaints
from consultations.models import OpinionRequest
from consultations.opinions import (
    cancel_request,
    give_opinion,
    may_answer,
    may_cancel,
    request_opinion,
)
from consultations.queries import open_requests_for
from desk.opinion_forms import OpinionAnswerForm, new_request_form
from desk.views.complaints import visible_complaint_or_404

PAGE_SIZE = 25


@staff_required
def consulted_on(request):
    """Open requests addressed to me or my departments, soonest due first."""
    page = Paginator(open_requests_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for opinion in page.object_list:
        opinion.current_status = opinion.status(today=today)
    return render(request, "desk/consulted_on.html", {"page": page})


@staff_required
def ask(request, reference):
    complaint = visible_complaint_or_404(request, reference)
    if not request.user.in_complaint_team:
        raise PermissionDenied
    form = new_request_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = request_opinion(
                complaint, by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Asked %(asked)s; the customer is told to expect news by %(date)s.")
                % {"asked": opinion.asked, "date": date_format(opinion.due, "DATE_FORMAT")},
            )
            if opinion.moved_to is not None:
                messages.success(
                    request,
                    _("%(reference)s moved to “%(stage)s”.")
                    % {"reference": reference, "stage": opinion.moved_to.label},
                )
            elif opinion.move_refusal:
                messages.warning(request, opinion.move_refusal)
            return redirect(_opinions_anchor(reference))
    return render(request, "desk/opinion_ask.html", {"complaint": complaint, "form": form})


def _visible_request_or_404(request, pk):
    return get_object_or_404(
        OpinionRequest.objects.filter(
            complaint__in=visible_complaints(request.user)
        ).select_related("complaint", "specialist", "department", "asked_by"),
        pk=pk,
    )


@staff_required
def answer(request, pk):
    opinion = _visible_request_or_404(request, pk)
    reference = opinion.complaint.reference
    if not may_answer(opinion, request.user):
        raise PermissionDenied
    form = OpinionAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            give_opinion(
                opinion, answer=form.cleaned_data["answer"], by=request.user, now=timezone.now()
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect(_opinions_anchor(reference))
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your opinion is on the timeline."))
            return redirect(_opinions_anchor(reference))
    return render(
        request,
        "desk/opinion_answer.html",
        {"complaint": opinion.complaint, "opinion": opinion, "form": form},
    )


@staff_required
def cancel(request, pk):
    opinion = _visible_request_or_404(request, pk)
    reference = opinion.complaint.reference
    if not may_cancel(opinion, request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            cancel_request(opinion, by=request.user, now=timezone.now())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The request to %(asked)s is cancelled.") % {"asked": opinion.asked}
            )
        return redirect(_opinions_anchor(reference))
    return render(request, "desk/opinion_cancel.html", {"opinion": opinion})


def _opinions_anchor(reference):
    return f"{reverse('desk:complaint_detail', args=[reference])}#opinions"
