"""Departments asked for opinions as one (WF-6), kept by admins on the desk's settings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from accounts.models import Department


def save_department(department=None, *, name, members):
    """Create a department (without `department`) or rename it and set its members.

    Names are unique whatever their case. Raises ValidationError, changing nothing.
    """
    name = " ".join(name.split())
    errors = {}
    if not name:
        errors["name"] = _("Give the department a name.")
    else:
        others = Department.objects.filter(name__iexact=name)
        if department is not None:
            others = others.exclude(pk=department.pk)
        if others.exists():
            errors["name"] = _("There is already a department called “%(name)s”.") % {"name": name}
    inactive = [str(member) for member in members if not member.is_active]
    if inactive:
        errors["members"] = _("These accounts are not in use: %(names)s.") % {
            "names": ", ".join(inactive)
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if department is None:
            department = Department.objects.create(name=name)
        elif department.name != name:
            department.name = name
            department.save(update_fields=["name"])
        department.members.set(members)
    return department


def delete_department(department):
    """Delete a department that was never asked for an opinion; its answers stay otherwise."""
    try:
        with transaction.atomic():
            department.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "“%(name)s” was asked for opinions, which keep its name. Rename it or change "
                "its members instead."
            )
            % {"name": department.name}
        ) from None
