"""Serving a customer's file: the shared safe serving (complaints.files), after the portal
view has checked the token, the attachment's complaint and that it is not staff-only."""

from complaints.files import file_response


def attachment_response(attachment, *, variant="file"):
    """The file (or its JPEG thumbnail) with headers that keep it inert."""
    return file_response(attachment, thumbnail=variant == "thumbnail")
