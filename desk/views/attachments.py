"""Attachments, served only to staff who may see the complaint."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from accounts.roles import staff_required
from complaints.models import Attachment
from complaints.queries import visible_complaints


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
