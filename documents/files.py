"""Serving a document's PDF, for the desk and the portal: whoever calls checks first that
the reader may see it."""

from django.http import FileResponse


def document_response(document, *, inline=False):
    """The PDF of `document` as a download named like RK-2026-000123-decision-letter-v2.pdf,
    with headers that keep a browser from running or sniffing it."""
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=not inline,
        filename=document.filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
