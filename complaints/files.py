"""Serving stored attachments (DO-3) so that no file can ever act as a page of ours.

Every view that hands out an attachment or its thumbnail, to staff or to a customer, returns
`file_response(...)`. The type is the one we sniffed from the bytes when the file came in,
never the name; only photos a browser shows and PDFs open inline, everything else is a
download; and the response is sandboxed, so even a file that slipped past the checks (or a
browser that sniffs despite nosniff) runs no script with our origin.
"""

import posixpath
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404

# Types a browser renders itself without running anything of the file's own.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})
# What check_upload can store; HEIC is kept but browsers cannot show it, so it downloads.
KNOWN_TYPES = INLINE_TYPES | {"image/heic"}
EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
}
ALIASES = {".jpg": {".jpeg", ".jpe", ".jfif"}, ".heic": {".heif"}}
FILE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    # The customer's or the agent's own browser may keep it; no shared cache ever.
    "Cache-Control": "private, max-age=3600",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def file_response(attachment, *, thumbnail=False, download=False):
    """The HTTP response for `attachment` (or its JPEG thumbnail), with the safe headers.

    The caller has checked that the person may see the attachment. Raises Http404 when the
    thumbnail (or the file) is missing. `download=True` asks for a download even for a type
    that may open in the browser.
    """
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404
    if thumbnail:
        content_type = "image/jpeg"
        name = f"{posixpath.splitext(attachment.original_name)[0] or 'file'}-thumbnail.jpg"
    else:
        content_type = served_type(attachment.content_type)
        name = with_extension(attachment.original_name or "file", content_type)
    inline = content_type in INLINE_TYPES and not download
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, inline=inline)
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response


def served_type(stored_type):
    """The Content-Type to send: the stored (sniffed) one when it is ours, else opaque bytes."""
    return stored_type if stored_type in KNOWN_TYPES else "application/octet-stream"


def with_extension(name, content_type):
    """The name ending as its type does ("invoice.html" holding a PDF is saved as
    "invoice.html.pdf"), so a downloaded file opens as what it is, not as its name claims."""
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        return name
    current = posixpath.splitext(name)[1].lower()
    if current == extension or current in ALIASES.get(extension, ()):
        return name
    return name + extension


def content_disposition(name, *, inline):
    """`inline` or `attachment` with an ASCII `filename` and the exact name as `filename*`
    (RFC 6266, RFC 5987), so that no name can break out of the header or lose its letters."""
    kind = "inline" if inline else "attachment"
    name = "".join(ch for ch in name if ch.isprintable()).replace("/", "_").replace("\\", "_")
    name = name.strip() or "file"
    fallback = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    fallback = "".join(ch if ch.isalnum() or ch in " .-_()[]+,=" else "_" for ch in fallback)
    fallback = fallback.strip() or "file"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
