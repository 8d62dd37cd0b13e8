"""Serving a document's PDF, for the desk and the portal: whoever calls checks first that
the reader may see it. The same safe headers as attachments (complaints.files)."""

from django.http import FileResponse, Http404

from complaints.files import FILE_HEADERS, content_disposition


def document_response(document, *, inline=False):
    """The PDF of `document` as a download named like RK-2026-000123-decision-letter-v2.pdf
    (`inline=True`: shown in the browser), with headers that keep a browser from running or
    sniffing it. Http404 when the stored file is gone."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(document.filename, inline=inline)
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response
