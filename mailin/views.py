"""Settings → Mail: the quarantine, for admins (IN-4). Thin views over mailin.ingest."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from desk.views.settings import admin_required
from mailin.ingest import reprocess_quarantined
from mailin.models import QuarantinedEmail

PAGE_SIZE = 50


@admin_required
def quarantine_list(request):
    # The raw bytes stay in the database until someone downloads them.
    items = QuarantinedEmail.objects.defer("raw")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mailin/quarantine.html", {"page": page})


@admin_required
@require_POST
def reprocess(request, pk):
    item = get_object_or_404(QuarantinedEmail, pk=pk)
    outcome = reprocess_quarantined(item, now=timezone.now())
    if outcome.kind == "quarantined":
        messages.error(
            request,
            _("Message %(id)s still cannot be read; the error is shown in the list.")
            % {"id": item.pk},
        )
    else:
        messages.success(
            request,
            _("Message %(id)s was processed: %(outcome)s.") % {"id": item.pk, "outcome": outcome},
        )
    return redirect("desk:mail_quarantine")


@admin_required
def raw_message(request, pk):
    """The message byte for byte, as a download — never displayed as a page."""
    item = get_object_or_404(QuarantinedEmail, pk=pk)
    response = HttpResponse(bytes(item.raw), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="quarantined-{item.pk}.eml"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
