"""Reads of custom field values for the desk."""

from dataclasses import dataclass

from customfields.models import AttributeDefinition, AttributeValue
from customfields.values import applicable_definitions, python_value


@dataclass
class ShownAttribute:
    definition: AttributeDefinition
    value: object = None
    attachment: object = None
    # Answered under another category (or for a field since switched off).
    no_longer_applies: bool = False

    @property
    def staff_only(self):
        return not self.definition.visible_to_customer


def complaint_attributes(complaint):
    """The fields a complaint's category asks for, with its answers, then stored answers to
    fields that no longer apply. Two queries whatever the number of fields."""
    definitions = applicable_definitions(complaint.category_id, for_customer=False)
    values = {
        value.definition_id: value
        for value in AttributeValue.objects.filter(complaint=complaint).select_related(
            "definition", "attachment"
        )
    }
    shown = []
    for definition in definitions:
        value = values.pop(definition.pk, None)
        shown.append(_shown(definition, value))
    for value in sorted(
        values.values(), key=lambda value: (value.definition.position, value.definition.pk)
    ):
        shown.append(_shown(value.definition, value, no_longer_applies=True))
    return shown


def _shown(definition, value, *, no_longer_applies=False):
    if value is None:
        return ShownAttribute(definition)
    return ShownAttribute(
        definition,
        value=python_value(definition, value.value),
        attachment=value.attachment,
        no_longer_applies=no_longer_applies,
    )
