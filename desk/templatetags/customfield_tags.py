from django import template

from customfields.queries import complaint_attributes as shown_attributes

register = template.Library()


@register.simple_tag
def complaint_attributes(complaint):
    """The custom fields of a complaint with its answers (customfields.queries)."""
    return shown_attributes(complaint)
