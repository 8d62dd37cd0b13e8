"""Placeholders in document templates (DO-2).

A template is Typst markup written by an admin; `{name}` marks a value. Values never become
markup: each placeholder turns into `#rkv("name");`, which prints the value handed to Typst
through `sys.inputs` as plain text, so a customer's `#`, `*`, `$`, `]` or `\\` stays a
character (no injection). Unlike notifications.placeholders (str.format), braces that do not
hold a bare name are left to Typst, whose code blocks use them.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

PLACEHOLDERS = {
    "customer_name": gettext_lazy("the customer's name"),
    "reference": gettext_lazy("the complaint's reference, e.g. RK-2026-000123"),
    "product": gettext_lazy("the product"),
    "order_number": gettext_lazy("the order number"),
    "received_date": gettext_lazy("the day the complaint was received"),
    "description": gettext_lazy("what the customer told us"),
    "requested_remedy": gettext_lazy("what the customer would like"),
    "question": gettext_lazy("the last question asked of the customer"),
    "decision_outcome": gettext_lazy("the decision: accepted, partially accepted or rejected"),
    "remedy": gettext_lazy("the remedy decided"),
    "amount": gettext_lazy("the amount of a refund or price reduction, with its currency"),
    "compensation": gettext_lazy("the compensation value"),
    "justification": gettext_lazy("the reasons for the decision"),
    "rights": gettext_lazy(
        "the note on the customer's rights (consumer, business, financial services)"
    ),
    "company_name": gettext_lazy("the company's name from the branding"),
    "agent_name": gettext_lazy("the complaint's owner, or the customer care team"),
    "date": gettext_lazy("the day the document is made"),
    "tracking_url": gettext_lazy("the link where the customer follows the complaint"),
}

# Typst statements that would reach outside the document: packages come from the network.
FORBIDDEN = re.compile(r"#\s*(import|include)\b|\b(import|include)\s*\"|\bplugin\s*\(")


def template_errors(text):
    """Messages about the placeholders and statements of `text`; empty when it is fine."""
    errors = []
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    for name in unknown:
        errors.append(
            _("Unknown placeholder {%(name)s}. Use one of: %(known)s.")
            % {"name": name, "known": ", ".join("{" + known + "}" for known in PLACEHOLDERS)}
        )
    if FORBIDDEN.search(text):
        errors.append(_("Templates may not import or include other files or packages."))
    return errors


def to_typst(text):
    """The template with each known placeholder replaced by the Typst that prints its value."""
    return PLACEHOLDER.sub(
        lambda match: f'#rkv("{match.group(1)}");' if match.group(1) in PLACEHOLDERS else "",
        text,
    )
