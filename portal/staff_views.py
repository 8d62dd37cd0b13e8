"""The staff side of the portal, reached from the desk's complaint page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import staff_required
from desk.views.complaints import visible_complaint_or_404
from portal.links import issue_new_tracking_link


@staff_required
@require_http_methods(["GET", "POST"])
def new_tracking_link(request, reference):
    """PO-1: replace the complaint's tracking link, after a confirmation page."""
    complaint = visible_complaint_or_404(request, reference)
    if not request.user.in_complaint_team:
        raise PermissionDenied
    if request.method == "POST":
        issue_new_tracking_link(complaint, by=request.user, now=timezone.now())
        messages.success(
            request,
            _("New tracking link issued for %(reference)s; the old one no longer works.")
            % {"reference": reference},
        )
        return redirect("desk:complaint_detail", reference=reference)
    return render(request, "portal/desk/new_link_confirm.html", {"complaint": complaint})
