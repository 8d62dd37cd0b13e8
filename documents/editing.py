"""Admins' templates (DO-2): checked on save (placeholders, and a real compile with sample
values so a Typst error is shown now, not when a complaint needs the document), previewed
as a PDF, saved."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from documents.defaults import OUTCOMES, REMEDIES, words
from documents.generation import _date, _money, build_page, rights_text
from documents.models import DocumentTemplate
from documents.placeholders import template_errors
from documents.rendering import DocumentError, render_pdf

SAMPLE_DESCRIPTION = "The lid of the kettle cracked after two weeks. #1 *hot* $5 [sic] \\ <b> @x"


def sample_values(language, *, now):
    """Placeholder values of an invented complaint, for checks and previews."""
    remedies = words(REMEDIES, language)
    return {
        "customer_name": "Anna Kowalska",
        "reference": "RK-2026-000123",
        "product": "Kettle KT-200",
        "order_number": "4711",
        "received_date": _date(date(2026, 3, 2), language),
        "description": SAMPLE_DESCRIPTION,
        "requested_remedy": remedies["replacement"],
        "question": "Please send a photo of the receipt.",
        "decision_outcome": words(OUTCOMES, language)["partial"],
        "remedy": remedies["price_reduction"],
        "amount": _money(Decimal("120.00"), "PLN", language),
        "compensation": _money(Decimal("20.00"), "PLN", language),
        "justification": "The crack is a manufacturing fault; the kettle still works.",
        "rights": rights_text("consumer", language),
        "company_name": "Reklamo",
        "agent_name": "Jan Nowak",
        "date": _date(now, language),
        "tracking_url": "https://example.com/track/…/",
    }


def preview_pdf(kind, *, language, title, body, now):
    """The PDF `title` and `body` make with sample values; DocumentError when they fail."""
    values = sample_values(language, now=now)
    page = build_page(kind, language=language, values=values, title=title, body=body)
    return render_pdf(page, timestamp=now)


def check_template(kind, *, language, title, body, now=None):
    """Raise ValidationError naming what is wrong with the title or the text, by field."""
    errors = {}
    for name, text in (("title", title), ("body", body)):
        found = template_errors(text or "")
        if found:
            errors[name] = found
    if errors:
        raise ValidationError(errors)
    try:
        preview_pdf(kind, language=language, title=title, body=body, now=now or timezone.now())
    except DocumentError as error:
        raise ValidationError({error.part or "body": str(error)}) from None


def save_template(kind, *, language, title, body, by, now):
    """Check and store the template of `kind` in `language`; ValidationError when it fails."""
    title = " ".join(title.split())
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    check_template(kind, language=language, title=title, body=body, now=now)
    template, _created = DocumentTemplate.objects.update_or_create(
        kind=kind,
        language=language,
        defaults={"title": title, "body": body, "updated_by": by, "updated_at": now},
    )
    return template
