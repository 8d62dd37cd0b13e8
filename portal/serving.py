"""Serving a customer's file. One function, so that the shared safe serving
(complaints.files.file_response) can replace it in one place."""

from django.http import FileResponse, Http404

# Shown in the browser; everything else is downloaded. Never HTML or SVG inline.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})


def attachment_response(attachment, *, variant="file"):
    """The file (or its JPEG thumbnail) with headers that keep it inert."""
    field = attachment.thumbnail if variant == "thumbnail" else attachment.file
    if not field:
        raise Http404
    content_type = "image/jpeg" if variant == "thumbnail" else attachment.content_type
    response = FileResponse(
        field.open("rb"),
        content_type=content_type,
        as_attachment=content_type not in INLINE_TYPES,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    return response
