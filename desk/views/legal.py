"""The legal clock on the complaint's page (DL-2): the answer sent by post and delivered, a
longer term in a complex case, and the customer's type that picks the rule."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import staff_required
from complaints.customers import set_customer_type
from deadlines.answers import record_answer_delivery, record_answer_posted
from deadlines.extensions import extend_legal_term
from desk.legal_forms import (
    AnswerDeliveredForm,
    AnswerPostedForm,
    CustomerTypeForm,
    ExtendTermForm,
)
from desk.views.complaints import visible_complaint_or_404


@staff_required
@require_POST
def answer_posted(request, reference):
    def record(complaint, data, now):
        record_answer_posted(complaint, sent_on=data["sent_on"], by=request.user, now=now)
        return _("The answer is recorded as sent by post.")

    return _handle(request, reference, AnswerPostedForm, record, anchor="clocks")


@staff_required
@require_POST
def answer_delivered(request, reference):
    def record(complaint, data, now):
        record_answer_delivery(
            complaint,
            delivered_on=data["delivered_on"],
            means=data["means"],
            by=request.user,
            now=now,
        )
        return _("Delivery recorded: the legal clock has stopped.")

    return _handle(request, reference, AnswerDeliveredForm, record, anchor="clocks")


@staff_required
@require_POST
def extend_term(request, reference):
    def extend(complaint, data, now):
        clock = extend_legal_term(complaint, by=request.user, reason=data["reason"], now=now)
        if not complaint.customer.email:
            return _(
                "The legal term now ends on %(date)s. The customer has no e-mail address: "
                "tell them the reason by post or phone before the original term ends."
            ) % {"date": date_format(clock.legal_last_day, "DATE_FORMAT")}
        return _("The legal term now ends on %(date)s; the customer is told why by e-mail.") % {
            "date": date_format(clock.legal_last_day, "DATE_FORMAT")
        }

    return _handle(request, reference, ExtendTermForm, extend, anchor="clocks")


@staff_required
@require_POST
def customer_type(request, reference):
    def change(complaint, data, now):
        set_customer_type(
            complaint.customer,
            customer_type=data["customer_type"],
            by=request.user,
            now=now,
            complaint=complaint,
        )
        return _(
            "Customer type saved; the due dates of the customer's open complaints were recomputed."
        )

    return _handle(request, reference, CustomerTypeForm, change, anchor="customer")


def _handle(request, reference, form_class, act, *, anchor):
    """Parse the form, call the domain function, and go back to the page with what happened."""
    complaint = visible_complaint_or_404(request, reference)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = act(complaint, form.cleaned_data, timezone.now())
        except (ValidationError, PermissionDenied) as error:
            for text in error.messages if isinstance(error, ValidationError) else [str(error)]:
                messages.error(request, text)
        else:
            messages.success(request, message)
    else:
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect(f"{reverse('desk:complaint_detail', args=[reference])}#{anchor}")
