"""Notes on the timeline (WF-7): internal for staff, or public for the customer to read."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from complaints.models import TimelineEntry
from complaints.timeline import record_event

NOTE_MAX_LENGTH = 10_000


def add_note(complaint, *, text, is_public, by, now):
    """Append a note; `is_public` notes are what the customer will see."""
    if is_public and not by.in_complaint_team:
        # A consulted specialist (WF-6) talks to the team; the team talks to the customer.
        raise ValidationError({"is_public": _("Only the complaint team writes to the customer.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note first.")})
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep a note to at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH}}
        )
    return record_event(
        complaint, TimelineEntry.Kind.NOTE, at=now, actor=by, is_public=is_public, text=text
    )
