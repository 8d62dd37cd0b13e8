"""My warnings (DL-3): the deadline alerts raised to the signed-in user, unread first, each
part newest first."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts.roles import staff_required
from notifications.alerts import mark_all_read, mark_read
from notifications.models import StaffAlert

PAGE_SIZE = 25

KIND_LABELS = {
    "sla_warning": gettext_lazy("Service level at risk"),
    "sla_breach": gettext_lazy("Service level breached"),
    "first_response_breach": gettext_lazy("First response overdue"),
    "legal_warning": gettext_lazy("Legal deadline near"),
    "legal_breach": gettext_lazy("Legal deadline missed"),
    "deemed_accepted": gettext_lazy("Deemed accepted"),
}


@staff_required
def warning_list(request):
    alerts = StaffAlert.objects.filter(recipient=request.user).select_related("complaint")
    # Unread first: what still needs attention must not hide behind a page of history.
    alerts = alerts.order_by(F("read_at").desc(nulls_first=True), "-created_at", "-pk")
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    for alert in page.object_list:
        alert.kind_label = KIND_LABELS.get(alert.kind, "")
    return render(request, "desk/warnings.html", {"page": page})


@staff_required
@require_POST
def mark_warnings_read(request):
    """Mark one warning (`alert`) or all of them (`all`) read; only the user's own."""
    now = timezone.now()
    if request.POST.get("all"):
        changed = mark_all_read(request.user, now=now)
        messages.success(
            request,
            ngettext("%(count)d warning marked read.", "%(count)d warnings marked read.", changed)
            % {"count": changed},
        )
    else:
        value = request.POST.get("alert", "")
        if not value.isdigit():
            messages.error(request, _("Choose a warning to mark read."))
        elif not mark_read(request.user, [int(value)], now=now):
            messages.error(request, _("That warning is not yours, or it was read already."))
    url = reverse("desk:warnings")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
