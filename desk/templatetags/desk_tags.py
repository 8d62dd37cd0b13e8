from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def age(moment, now):
    """How long ago, in one short unit: "12 min", "5 h", "3 d"."""
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 3600:
        return _("%(count)d min") % {"count": seconds // 60}
    if seconds < 86400:
        return _("%(count)d h") % {"count": seconds // 3600}
    return _("%(count)d d") % {"count": seconds // 86400}
