"""The branding on the public pages: the accent colour as a stylesheet and the logo.

The colour arrives as a tiny stylesheet because the CSP allows no inline styles; the pages
link it with the branding's updated_at, so a change is seen at once and otherwise cached.
"""

import re

from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_GET

from branding.logos import logo_content_type
from branding.models import Branding

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#1d4ed8"
CACHE_SECONDS = 86400


def ink_for(colour):
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#111111" if luminance > 0.35 else "#ffffff"


def stylesheet_text(branding):
    colour = branding.accent_colour if HEX_COLOUR.match(branding.accent_colour or "") else None
    colour = (colour or DEFAULT_COLOUR).lower()
    return (
        "body.public {\n"
        f"  --brand: {colour};\n"
        f"  --brand-dark: color-mix(in srgb, {colour} 72%, #000);\n"
        f"  --brand-soft: color-mix(in srgb, {colour} 12%, #fff);\n"
        f"  --brand-ink: {ink_for(colour)};\n"
        "}\n"
    )


@require_GET
def stylesheet(request):
    response = HttpResponse(stylesheet_text(Branding.current()), content_type="text/css")
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_GET
def logo(request):
    """The logo, only ever as the PNG or JPEG its bytes are, never rendered as a page."""
    branding = Branding.current()
    if not branding.logo:
        raise Http404
    try:
        handle = branding.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = logo_content_type(handle.read(16))
    if content_type is None:
        handle.close()
        raise Http404
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
