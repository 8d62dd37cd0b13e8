"""The routing rule behind a timeline entry, in words (DL-4: every automatic assignment is
recorded with the rule that made it)."""

from django import template

from routing.models import AgentProfile, Presence
from routing.rules import not_routed_text, routed_text

register = template.Library()


@register.simple_tag
def routing_rule(entry):
    if entry.data.get("how") == "not_routed":
        return not_routed_text(
            category=entry.data.get("category", ""), language=entry.data.get("language", "")
        )
    return routed_text(entry.data)


@register.simple_tag
def presence_of(user):
    """The user's presence for the desk header: one query; no profile yet means available."""
    found = AgentProfile.objects.filter(user=user).values_list("presence", flat=True).first()
    return found or Presence.AVAILABLE
