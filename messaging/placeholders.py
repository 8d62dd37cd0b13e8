"""Placeholders of canned responses (CO-3): which there are, and checking a text for them.

Apart from messaging.canned so the model can check them on save without a circular import.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a canned response may say about the complaint, with what each stands for.
PLACEHOLDERS = {
    "customer_name": gettext_lazy("the customer's name"),
    "reference": gettext_lazy("the complaint's reference"),
    "product": gettext_lazy("the product complained about"),
    "agent_name": gettext_lazy("the name of the agent writing"),
    "tracking_url": gettext_lazy("the link where the customer follows the complaint"),
}


def placeholders_in(text):
    """The names of the {placeholders} in `text`; ValidationError when the braces are broken."""
    try:
        return [name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name]
    except ValueError:
        raise ValidationError(
            _(
                "A brace is not closed. Write placeholders as {reference}; "
                "a lone brace as {{ or }}."
            ),
            code="braces",
        ) from None


def check_placeholders(text):
    """Refuse unknown placeholders, naming them and the ones we know."""
    unknown = sorted({name for name in placeholders_in(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(unknown)s. Use %(known)s.")
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            },
            code="unknown_placeholder",
        )
