"""PO-3: the customer portal can be switched off in the branding settings.

`portal_required` closes a view when it is off; the tracking page uses it as the pages
here do, so "off" means every customer page at once.
"""

from functools import wraps

from django.shortcuts import render

from branding.models import Branding
from reklamo.languages import activate_requested_language


def portal_open(request=None):
    """Whether the customer portal is switched on."""
    return Branding.current().portal_enabled


def portal_closed_response(request):
    activate_requested_language(request)
    return render(request, "customer_access/portal_closed.html", status=503)


def portal_required(view):
    """Show "the customer portal is closed" instead of `view` while the portal is off."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not portal_open(request):
            return portal_closed_response(request)
        return view(request, *args, **kwargs)

    return wrapped
