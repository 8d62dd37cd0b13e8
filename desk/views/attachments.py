"""Attachments on the desk (DO-3): the card on the complaint page, staff uploads, what a
file shows, and serving files only to staff who may see the complaint."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.roles import staff_required, team_required
from complaints.attachments import add_staff_attachments, set_attachment_details
from complaints.files import file_response
from complaints.models import Attachment
from complaints.queries import visible_complaints
from desk.attachment_forms import AttachmentDetailsForm, AttachmentUploadForm
from desk.views.complaints import visible_complaint_or_404


def visible_attachment_or_404(user, pk):
    return get_object_or_404(
        Attachment.objects.select_related("complaint").filter(
            complaint__in=visible_complaints(user)
        ),
        pk=pk,
    )


@staff_required
def attachment_file(request, pk, variant="file"):
    """Serve an attachment to staff who may see its complaint, never as active content."""
    attachment = visible_attachment_or_404(request.user, pk)
    return file_response(
        attachment,
        thumbnail=variant == "thumbnail",
        download=request.GET.get("download") == "1",
    )


@team_required
def upload_attachments(request, reference):
    """Staff add files on the complaint page; a refused file is named, nothing is stored,
    and the form comes back with the choices made."""
    complaint = visible_complaint_or_404(request, reference)
    form = AttachmentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            stored = add_staff_attachments(
                complaint,
                data["files"],
                role=data["role"],
                is_internal=data["is_internal"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d file added.", "%(count)d files added.", len(stored))
                % {"count": len(stored)},
            )
            return redirect(reverse("desk:complaint_detail", args=[reference]) + "#attachments")
    return render(
        request,
        "desk/attachment_upload.html",
        {"complaint": complaint, "form": form, "had_files": bool(request.FILES)},
        status=400 if request.method == "POST" else 200,
    )


@team_required
@require_POST
def edit_attachment(request, pk):
    """Change what a file shows and whether only staff see it."""
    attachment = visible_attachment_or_404(request.user, pk)
    form = AttachmentDetailsForm(request.POST, prefix=f"a{attachment.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("role", [])) or _("Check the form."))
    else:
        try:
            changed = set_attachment_details(
                attachment,
                role=form.cleaned_data["role"],
                is_internal=form.cleaned_data["is_internal"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if changed:
                messages.success(
                    request, _("“%(name)s” saved.") % {"name": attachment.original_name}
                )
            else:
                messages.info(request, _("Nothing was changed."))
    return redirect(
        reverse("desk:complaint_detail", args=[attachment.complaint.reference]) + "#attachments"
    )


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error("files", error)
