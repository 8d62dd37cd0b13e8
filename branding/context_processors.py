from django.utils.functional import SimpleLazyObject

from branding.models import Branding


def branding(request):
    """`branding` in every template, read only when a template uses it."""
    return {"branding": SimpleLazyObject(Branding.current)}
