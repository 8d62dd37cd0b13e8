"""The public pages speak the browser's language unless the customer picks another.

The choice travels as a `lang` parameter instead of a cookie, because the embedded form
lives in a shop's <iframe>, where browsers drop third-party cookies.
"""

from django.conf import settings
from django.utils import translation


def activate_requested_language(request):
    requested = request.POST.get("lang") or request.GET.get("lang")
    if requested in dict(settings.LANGUAGES):
        translation.activate(requested)
        request.LANGUAGE_CODE = requested
    return request.LANGUAGE_CODE
