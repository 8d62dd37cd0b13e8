"""A safe formatter for notification templates written by admins.

`str.format` would let a template reach attributes (`{complaint.customer.__class__}`); here
only the names in PLACEHOLDERS are filled in, and anything else is refused when the admin
saves, with the offending name in the message.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDERS = {
    "reference": gettext_lazy("the complaint's reference, e.g. RK-2026-000123"),
    "customer_name": gettext_lazy("the customer's name"),
    "stage": gettext_lazy("what the customer is told about the stage"),
    "tracking_url": gettext_lazy("the link where the customer follows the complaint"),
    "decision": gettext_lazy("the decision, in a few words"),
    "due_date": gettext_lazy("the date news is expected or the term ends"),
    "summary": gettext_lazy("what the customer told us: product, order number, wish"),
}


def _fields(text):
    """The placeholders in `text`; ValueError for a malformed template (a lone brace)."""
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is not None:
            yield field, spec, conversion


def template_errors(text):
    """Messages about what is wrong with `text`, empty when it can be rendered."""
    try:
        fields = list(_fields(text))
    except ValueError:
        return [_("A brace is not closed; write {{ and }} for a literal brace.")]
    errors = []
    for field, spec, conversion in fields:
        if field not in PLACEHOLDERS or spec or conversion:
            errors.append(
                _("Unknown placeholder {%(name)s}. Use one of: %(known)s.")
                % {
                    "name": field,
                    "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
                }
            )
    return errors


def check_placeholders(*, subject, body):
    """Raise ValidationError naming each unknown placeholder, per field."""
    errors = {}
    for name, text in (("subject", subject), ("body", body)):
        found = template_errors(text or "")
        if found:
            errors[name] = found
    if errors:
        raise ValidationError(errors)


def render(text, values):
    """Fill in `text`; placeholders without a value become empty rather than failing."""
    out = []
    for literal, field, _spec, _conversion in string.Formatter().parse(text):
        out.append(literal)
        if field is not None:
            out.append(str(values.get(field, "")) if field in PLACEHOLDERS else "")
    return "".join(out)
