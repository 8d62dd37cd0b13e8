"""Admins configure the custom fields of each category (IN-7)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from customfields.models import AttributeDefinition

Kind = AttributeDefinition.Kind


def clean_choices(kind, choices):
    """The options of a choice field: stripped, at least two, none twice. Other kinds have
    none."""
    if kind != Kind.CHOICE:
        return []
    options = [option.strip() for option in choices if option.strip()]
    if len(options) < 2:
        raise ValidationError({"choices": _("Give at least two options, one per line.")})
    seen = set()
    for option in options:
        if option.casefold() in seen:
            raise ValidationError(
                {"choices": _("“%(option)s” is listed twice.") % {"option": option}}
            )
        seen.add(option.casefold())
    too_long = [option for option in options if len(option) > 200]
    if too_long:
        raise ValidationError(
            {
                "choices": _("Keep each option under 200 characters: “%(option)s”.")
                % {"option": too_long[0][:40]}
            }
        )
    return options


def _check(*, label, kind):
    if not label.strip():
        raise ValidationError({"label": _("Give the field a label.")})
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind from the list.")})


def key_from_label(label, *, category):
    """A key made from the label, unique among the fields a complaint of the category can
    have (its own and those for every category)."""
    base = slugify(label).replace("-", "_")[:40].strip("_") or "field"
    taken = AttributeDefinition.objects.all()
    if category is not None:
        # A field for one category must not clash with one for every category, and
        # the other way round.
        taken = taken.filter(Q(category=category) | Q(category__isnull=True))
    taken = set(taken.values_list("key", flat=True))
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def add_definition(
    *,
    label,
    kind,
    category=None,
    choices=(),
    required=False,
    visible_to_customer=True,
    help_text="",
):
    """Add a field at the end of its category's list; its key is made from the label."""
    _check(label=label, kind=kind)
    choices = clean_choices(kind, choices)
    with transaction.atomic():
        position = (
            AttributeDefinition.objects.filter(category=category).aggregate(Max("position"))[
                "position__max"
            ]
            or 0
        ) + 10
        return AttributeDefinition.objects.create(
            category=category,
            label=label.strip(),
            key=key_from_label(label, category=category),
            kind=kind,
            choices=choices,
            required=required,
            visible_to_customer=visible_to_customer,
            help_text=help_text.strip(),
            position=position,
        )


def update_definition(
    definition,
    *,
    label,
    kind,
    category=None,
    choices=(),
    required=False,
    visible_to_customer=True,
    help_text="",
    position=None,
):
    """Change a field. Its key stays; its kind is fixed once complaints have answered it,
    since their answers would no longer fit."""
    _check(label=label, kind=kind)
    choices = clean_choices(kind, choices)
    with transaction.atomic():
        locked = AttributeDefinition.objects.select_for_update().get(pk=definition.pk)
        if kind != locked.kind and locked.values.exists():
            raise ValidationError(
                {"kind": _("Complaints have answered this field; its kind cannot change.")}
            )
        clash = AttributeDefinition.objects.filter(key=locked.key).exclude(pk=locked.pk)
        if category is not None:
            clash = clash.filter(Q(category=category) | Q(category__isnull=True))
        if category != locked.category and clash.exists():
            raise ValidationError(
                {
                    "category": _("There the key “%(key)s” is taken by another field.")
                    % {"key": locked.key}
                }
            )
        locked.category = category
        locked.label = label.strip()
        locked.kind = kind
        locked.choices = choices
        locked.required = required
        locked.visible_to_customer = visible_to_customer
        locked.help_text = help_text.strip()
        if position is not None:
            locked.position = position
        locked.save()
    return locked


def set_definition_active(definition, *, active):
    """Switch a field off (no longer asked; stored answers stay) or on again."""
    AttributeDefinition.objects.filter(pk=definition.pk).update(is_active=active)
    definition.is_active = active
    return definition


def delete_definition(definition):
    """Remove a field nobody has answered; one with answers can only be switched off."""
    with transaction.atomic():
        locked = AttributeDefinition.objects.select_for_update().get(pk=definition.pk)
        if locked.values.exists():
            raise ValidationError(
                _(
                    "Complaints have answered “%(label)s”, so it cannot be removed. "
                    "Switch it off instead: it is no longer asked and the answers stay."
                )
                % {"label": locked.label}
            )
        locked.delete()
