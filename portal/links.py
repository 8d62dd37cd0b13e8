"""Tracking links (PO-1): staff replace a complaint's link when the old one went astray."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from complaints.models import Complaint, TimelineEntry, new_tracking_token
from complaints.timeline import record_event
from portal.models import RevokedTrackingLink


def issue_new_tracking_link(complaint, *, by, now):
    """Give the complaint a new tracking token; the old link then says it is no longer
    valid. Locks the complaint's row; recorded on the timeline (internal). Only the
    complaint team may do it (the caller checks that `by` may see the complaint)."""
    if not by.in_complaint_team:
        raise PermissionDenied(_("Only the complaint team can issue a new tracking link."))
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        RevokedTrackingLink.objects.create(
            complaint=locked, token=locked.tracking_token, revoked_at=now
        )
        locked.tracking_token = new_tracking_token()
        locked.save(update_fields=["tracking_token", "updated_at"])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("New tracking link issued; the old link no longer works.")
        record_event(
            locked, TimelineEntry.Kind.NOTE, at=now, actor=by, text=text, tracking_link=True
        )
    return locked


def is_revoked(token):
    return RevokedTrackingLink.objects.filter(token=token).exists()
