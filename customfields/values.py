"""Answers to a category's custom fields (IN-7): the form fields that ask for them, their
validation — the same for the web forms and every other channel — and storing them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.attachments import (
    CheckedFile,
    check_upload,
    delete_stored_files,
    store_attachment,
)
from complaints.models import Complaint, TimelineEntry
from complaints.timeline import record_event
from customfields.models import AttributeDefinition, AttributeValue

FIELD_PREFIX = "attr_"
TEXT_MAX_LENGTH = 500
ACCEPTED_FILES = "image/*,.heic,.pdf,application/pdf"


def field_name(definition):
    """The name of a definition's field in a form."""
    return f"{FIELD_PREFIX}{definition.key}"


def applicable_definitions(category_id, *, for_customer):
    """The active fields a complaint in the category asks for, in order. The customer is
    asked only the ones visible to customers; staff fill in all of them."""
    scope = Q(category__isnull=True)
    if category_id is not None:
        scope |= Q(category_id=category_id)
    definitions = AttributeDefinition.objects.filter(scope, is_active=True)
    if for_customer:
        definitions = definitions.filter(visible_to_customer=True)
    return list(definitions.order_by("position", "pk"))


class AttributeFileField(forms.FileField):
    """A file answer, accepted by its content like every attachment."""

    widget = forms.FileInput(attrs={"accept": ACCEPTED_FILES})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload)
        return upload


def form_field(definition, *, has_file=False):
    """A Django form field asking for `definition`. `has_file`: a file is stored already,
    so an empty file input keeps it and is no missing answer."""
    options = {
        "label": definition.label,
        "required": definition.required,
        "help_text": definition.help_text,
    }
    kind = definition.kind
    Kind = AttributeDefinition.Kind
    if kind == Kind.NUMBER:
        return forms.DecimalField(
            max_digits=18,
            decimal_places=4,
            widget=forms.NumberInput(attrs={"step": "any"}),
            **options,
        )
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if kind == Kind.CHOICE:
        choices = [("", gettext_lazy("Choose…")), *((c, c) for c in definition.choices)]
        return forms.ChoiceField(
            choices=choices,
            error_messages={
                "invalid_choice": gettext_lazy("Choose one of the options in the list.")
            },
            **options,
        )
    if kind == Kind.FILE:
        if has_file:
            options["required"] = False
        options["help_text"] = options["help_text"] or gettext_lazy(
            "A photo (JPEG, PNG, WebP, HEIC) or a PDF document."
        )
        return AttributeFileField(**options)
    return forms.CharField(max_length=TEXT_MAX_LENGTH, **options)


def form_fields(definitions, *, files_stored=()):
    """{field name: form field} for the definitions; `files_stored` are ids of definitions
    that already have a file."""
    return {
        field_name(definition): form_field(definition, has_file=definition.pk in files_stored)
        for definition in definitions
    }


@dataclass(frozen=True)
class Answer:
    """A checked answer, ready to store. `upload` and `checked` are set for a new file."""

    definition: AttributeDefinition
    value: object = None
    upload: object = None
    checked: CheckedFile | None = None


def check_answers(definitions, values, *, files_stored=()):
    """Validate `values` ({key: value}) against `definitions`; return one Answer per
    definition. Raises ValidationError keyed by form field name; a key no definition
    has is refused, so nothing can be posted into a field that was not offered."""
    errors = {}
    known = {definition.key for definition in definitions}
    unknown = sorted(set(values) - known)
    if unknown:
        errors[NON_FIELD_ERRORS] = [
            _("These fields are not asked for here: %(keys)s.") % {"keys": ", ".join(unknown)}
        ]
    answers = []
    for definition in definitions:
        field = form_field(definition, has_file=definition.pk in files_stored)
        raw = values.get(definition.key)
        try:
            cleaned = field.clean(raw)
        except ValidationError as error:
            errors[field_name(definition)] = error.error_list
            continue
        if definition.kind == AttributeDefinition.Kind.FILE:
            if cleaned:
                answers.append(Answer(definition, upload=cleaned, checked=check_upload(cleaned)))
            else:
                answers.append(Answer(definition))
        else:
            answers.append(Answer(definition, value=stored_form(cleaned)))
    if errors:
        raise ValidationError(errors)
    return answers


def stored_form(cleaned):
    """The JSON we store for a cleaned value; None for no answer."""
    if cleaned is None or cleaned == "":
        return None
    if isinstance(cleaned, Decimal):
        return format(cleaned.normalize(), "f")
    if isinstance(cleaned, datetime.date):
        return cleaned.isoformat()
    return cleaned.strip() if isinstance(cleaned, str) else cleaned


def python_value(definition, value):
    """A stored value as the form field and the templates want it."""
    if value is None:
        return None
    if definition.kind == AttributeDefinition.Kind.DATE:
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return value
    if definition.kind == AttributeDefinition.Kind.NUMBER:
        return Decimal(value)
    return value


def store_answers(complaint, answers, *, channel, by, stored):
    """Create the values of a new complaint inside its registration's transaction. Files
    written are appended to `stored` so that the caller can remove them on a rollback."""
    for answer in answers:
        attachment = None
        if answer.upload is not None:
            attachment = store_attachment(
                complaint, answer.upload, answer.checked, channel=channel, uploaded_by=by
            )
            stored.append(attachment)
        elif answer.value is None:
            continue
        AttributeValue.objects.create(
            complaint=complaint,
            definition=answer.definition,
            value=answer.value,
            attachment=attachment,
        )


def save_values(complaint, values, *, by, now):
    """Staff change a complaint's answers: {key: value} for the fields to change (an empty
    value clears an answer, except that an empty file keeps the stored one).

    Locks the complaint, checks the answers against the fields of its category, and records
    what changed as one ATTRIBUTES timeline entry. A new file becomes an attachment; the
    previous one stays with the complaint. Values of fields that no longer apply (the
    category changed, the field was switched off) are left alone. Returns the changes.
    """
    if not by.in_complaint_team:
        # A consulted specialist (WF-6) reads the answers; the complaint team edits them.
        raise PermissionDenied(_("Only the complaint team edits a complaint's details."))
    stored = []
    try:
        with transaction.atomic():
            locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
            definitions = applicable_definitions(locked.category_id, for_customer=False)
            existing = {
                value.definition_id: value
                for value in AttributeValue.objects.filter(
                    complaint=locked, definition__in=definitions
                ).select_related("attachment")
            }
            files_stored = {pk for pk, value in existing.items() if value.attachment_id}
            # Fields left out of `values` keep their answers.
            asked = [definition for definition in definitions if definition.key in values]
            answers = check_answers(asked, values, files_stored=files_stored)
            changes = []
            for answer in answers:
                change = _apply_answer(locked, answer, existing.get(answer.definition.pk), by=by)
                if change is not None:
                    if change["attachment"] is not None:
                        stored.append(change["attachment"])
                    changes.append(change)
            if changes:
                record_event(
                    locked,
                    TimelineEntry.Kind.ATTRIBUTES,
                    at=now,
                    actor=by,
                    changes=[
                        {key: change[key] for key in ("label", "before", "after")}
                        for change in changes
                    ],
                )
    except BaseException:
        delete_stored_files(stored)
        raise
    return changes


def _apply_answer(complaint, answer, current, *, by):
    definition = answer.definition
    before = shown(current)
    attachment = None
    if answer.upload is not None:
        attachment = store_attachment(
            complaint,
            answer.upload,
            answer.checked,
            channel=complaint.channel,
            uploaded_by=by,
        )
        if current is None:
            current = AttributeValue(complaint=complaint, definition=definition)
        current.attachment = attachment
        current.value = None
        current.save()
    elif definition.kind == AttributeDefinition.Kind.FILE:
        return None
    elif answer.value is None:
        if current is None:
            return None
        current.delete()
        current = None
    else:
        if current is not None and current.value == answer.value:
            return None
        if current is None:
            current = AttributeValue(complaint=complaint, definition=definition)
        current.value = answer.value
        current.save()
    return {
        "label": definition.label,
        "before": before,
        "after": shown(current),
        "attachment": attachment,
    }


def shown(value):
    """A stored value as one line of text for the timeline."""
    if value is None:
        return ""
    if value.attachment_id:
        return value.attachment.original_name
    return "" if value.value is None else str(value.value)
