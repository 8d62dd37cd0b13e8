"""PO-3: the branding settings page (admins)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branding.models import Branding
from desk.branding_forms import BrandingForm
from desk.views.settings import admin_required


@admin_required
def branding_settings(request):
    branding = Branding.current()
    if branding.pk is None:
        branding.pk = 1  # the one row (Branding.current)
    old_logo = branding.logo.name
    posted = request.method == "POST"
    form = BrandingForm(
        request.POST if posted else None, request.FILES if posted else None, instance=branding
    )
    if posted:
        if form.is_valid():
            saved = form.save()
            if old_logo and saved.logo.name != old_logo:
                saved.logo.storage.delete(old_logo)  # replaced or cleared: keep no orphan
            messages.success(request, _("Branding saved; the customer pages show it now."))
            return redirect("desk:branding_settings")
        status = 400
    else:
        status = 200
    return render(
        request,
        "desk/branding_settings.html",
        {"form": form, "branding": branding, "settings_page": "branding"},
        status=status,
    )
