"""Forms of the custom field pages: a complaint's answers, and the admins' settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Category
from customfields.models import AttributeDefinition
from customfields.values import field_name, form_fields, python_value
from reklamo.forms import Form


class ComplaintAttributesForm(Form):
    """Staff answer the custom fields of a complaint's category."""

    def __init__(self, *args, definitions, stored, **kwargs):
        """`stored`: {definition id: AttributeValue} of the complaint."""
        initial = {
            field_name(definition): python_value(definition, stored[definition.pk].value)
            for definition in definitions
            if definition.pk in stored and definition.kind != AttributeDefinition.Kind.FILE
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.definitions = definitions
        files_stored = {pk for pk, value in stored.items() if value.attachment_id}
        self.fields.update(form_fields(definitions, files_stored=files_stored))
        for definition in definitions:
            value = stored.get(definition.pk)
            if value is not None and value.attachment_id:
                self.fields[field_name(definition)].help_text = _(
                    "Stored: %(name)s. Choose a file only to replace it."
                ) % {"name": value.attachment.original_name}

    def values(self):
        return {
            definition.key: self.cleaned_data.get(field_name(definition))
            for definition in self.definitions
        }


class DefinitionForm(Form):
    label = forms.CharField(label=_("Label"), max_length=100)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("Every category"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AttributeDefinition.Kind.choices)
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a choice: one option per line, at least two."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    visible_to_customer = forms.BooleanField(
        label=_("Ask the customer on the public form (otherwise staff only)"),
        required=False,
        initial=True,
    )
    help_text = forms.CharField(label=_("Help text"), max_length=300, required=False)

    def clean_choices(self):
        return self.cleaned_data["choices"].splitlines()


class EditDefinitionForm(DefinitionForm):
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=32767)

    def __init__(self, *args, definition, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "label": definition.label,
                "category": definition.category_id,
                "kind": definition.kind,
                "choices": "\n".join(definition.choices),
                "required": definition.required,
                "visible_to_customer": definition.visible_to_customer,
                "help_text": definition.help_text,
                "position": definition.position,
            },
        )
        super().__init__(*args, **kwargs)
