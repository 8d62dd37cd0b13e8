"""Writing to the customer from the desk (CO-3), and the canned responses settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import team_required
from desk.message_forms import CannedResponseForm, MessageForm
from desk.views.complaints import visible_complaint_or_404
from desk.views.settings import admin_required
from messaging.canned import canned_for, render_canned
from messaging.models import CannedResponse
from messaging.sending import message_subject, send_message


@team_required
def write(request, reference):
    """Compose, preview and send a message. GET ?canned=<id> starts from a canned response."""
    complaint = visible_complaint_or_404(request, reference)
    responses = canned_for(complaint)
    chosen = None
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        action = request.POST.get("action", "send")
        if form.is_valid():
            data = form.cleaned_data
            if action == "send":
                try:
                    send_message(
                        complaint,
                        by=request.user,
                        subject=data["subject"],
                        body=data["body"],
                        attachments=data["attachments"],
                        now=timezone.now(),
                    )
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("Message to %(to)s queued; it goes out in a moment.")
                        % {"to": complaint.customer.email},
                    )
                    return redirect("desk:complaint_detail", reference=reference)
    else:
        chosen = _chosen(request, responses)
        initial = {}
        if chosen is not None:
            initial["subject"], initial["body"] = render_canned(
                chosen, complaint, agent=request.user
            )
        form = MessageForm(initial=initial)
        action = ""
    preview = None
    if action == "preview" and form.is_valid():
        preview = {
            "to": complaint.customer.email,
            "subject": message_subject(complaint, form.cleaned_data["subject"]),
            "body": form.cleaned_data["body"].strip(),
            "files": [upload.name for upload in form.cleaned_data["attachments"]],
        }
    template = "desk/write_message.html"
    if request.htmx and request.GET.get("fields"):
        template += "#fields"
    return render(
        request,
        template,
        {
            "complaint": complaint,
            "form": form,
            "responses": responses,
            "chosen": chosen,
            "preview": preview,
        },
    )


def _chosen(request, responses):
    try:
        pk = int(request.GET.get("canned", ""))
    except ValueError:
        return None
    return next((canned for canned in responses if canned.pk == pk), None)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@admin_required
def canned_responses(request):
    return render(
        request,
        "desk/canned_responses.html",
        {
            "responses": CannedResponse.objects.select_related("category"),
            "settings_page": "canned",
        },
    )


@admin_required
def canned_response_edit(request, pk=None):
    canned = get_object_or_404(CannedResponse, pk=pk) if pk else None
    form = CannedResponseForm(request.POST or None, instance=canned)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Saved “%(title)s”.") % {"title": saved.title})
        return redirect("desk:canned_responses")
    return render(
        request,
        "desk/canned_response_edit.html",
        {"form": form, "canned": canned, "settings_page": "canned"},
    )


@admin_required
@require_POST
def canned_response_toggle(request, pk):
    canned = get_object_or_404(CannedResponse, pk=pk)
    canned.active = not canned.active
    canned.save(update_fields=["active"])
    if canned.active:
        messages.success(request, _("“%(title)s” is offered again.") % {"title": canned.title})
    else:
        messages.success(request, _("“%(title)s” is switched off.") % {"title": canned.title})
    return redirect("desk:canned_responses")
