"""Settings → Mail, for admins (IN-4): the mailboxes read and the quarantine; and, on a
complaint, the addresses staff allow to write into it.

Thin views over mailin.ingest and the Mailbox model.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import team_required
from desk.views.complaints import visible_complaint_or_404
from desk.views.settings import admin_required
from mailin import senders
from mailin.forms import MailboxForm
from mailin.ingest import reprocess_quarantined
from mailin.models import AllowedSender, Mailbox, QuarantinedEmail

PAGE_SIZE = 50


@admin_required
def mail_settings(request):
    form = MailboxForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mailbox = form.save()
        messages.success(
            request,
            _("Mailbox “%(name)s” added; it is read within a minute.") % {"name": mailbox.name},
        )
        return redirect("desk:mail_settings")
    # The raw bytes stay in the database until someone downloads them.
    items = QuarantinedEmail.objects.defer("raw")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    mailboxes = Mailbox.objects.select_related("default_category")
    return render(
        request, "mailin/mail_settings.html", {"page": page, "form": form, "mailboxes": mailboxes}
    )


@admin_required
def edit_mailbox(request, pk):
    mailbox = get_object_or_404(Mailbox, pk=pk)
    form = MailboxForm(request.POST or None, instance=mailbox)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Mailbox “%(name)s” saved.") % {"name": mailbox.name})
        return redirect("desk:mail_settings")
    return render(request, "mailin/mailbox_edit.html", {"mailbox": mailbox, "form": form})


@admin_required
@require_POST
def delete_mailbox(request, pk):
    mailbox = get_object_or_404(Mailbox, pk=pk)
    mailbox.delete()
    messages.success(
        request,
        _("Mailbox “%(name)s” removed; mail already received stays.") % {"name": mailbox.name},
    )
    return redirect("desk:mail_settings")


@admin_required
@require_POST
def reprocess(request, pk):
    item = get_object_or_404(QuarantinedEmail, pk=pk)
    outcome = reprocess_quarantined(item, now=timezone.now())
    if outcome.kind == "quarantined":
        messages.error(
            request,
            _("Message %(id)s still cannot be read; the error is shown in the list.")
            % {"id": item.pk},
        )
    else:
        messages.success(
            request,
            _("Message %(id)s was processed: %(outcome)s.") % {"id": item.pk, "outcome": outcome},
        )
    return redirect("desk:mail_settings")


@admin_required
def raw_message(request, pk):
    """The message byte for byte, as a download — never displayed as a page."""
    item = get_object_or_404(QuarantinedEmail, pk=pk)
    response = HttpResponse(bytes(item.raw), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="quarantined-{item.pk}.eml"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _senders_url(reference):
    return f"{reverse('desk:complaint_detail', args=[reference])}#senders"


@team_required
@require_POST
def add_sender(request, reference):
    """Allow one more address to write into the complaint by its reference."""
    complaint = visible_complaint_or_404(request, reference)
    address = request.POST.get("email", "")
    try:
        added = senders.add_sender(complaint, address, by=request.user, now=timezone.now())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Mail from %(address)s with %(reference)s in the subject now joins this complaint.")
            % {"address": added.email, "reference": complaint.reference},
        )
    return redirect(_senders_url(complaint.reference))


@team_required
def remove_sender(request, reference, pk):
    """Ask first, then stop accepting the address's mail into the complaint."""
    complaint = visible_complaint_or_404(request, reference)
    sender = get_object_or_404(AllowedSender, pk=pk, complaint=complaint)
    if request.method == "POST":
        senders.remove_sender(sender, by=request.user, now=timezone.now())
        messages.success(
            request,
            _("Mail from %(address)s no longer joins this complaint.") % {"address": sender.email},
        )
        return redirect(_senders_url(complaint.reference))
    return render(
        request,
        "desk/confirm_delete.html",
        {
            "what": _(
                "%(address)s from the addresses that may write into %(reference)s; its next "
                "message opens a complaint of its own"
            )
            % {"address": sender.email, "reference": complaint.reference},
            "back": _senders_url(complaint.reference),
        },
    )
