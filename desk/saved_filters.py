"""Saved filters: a member of staff names the list's current filters and sort to come back to.

Each user sees and changes only their own. The query is stored as the list's filter form
normalises it (desk.forms.ComplaintFilterForm.query_string), so junk parameters never are.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from desk.models import SavedFilter

NAME_MAX_LENGTH = SavedFilter._meta.get_field("name").max_length
QUERY_MAX_LENGTH = SavedFilter._meta.get_field("query").max_length
FILTERS_PER_USER = 50


def saved_filters(user):
    """`user`'s saved filters, by name."""
    return SavedFilter.objects.filter(user=user)


def save_filter(user, *, name, query, now):
    """Keep `query` (already normalised) under `name` for `user`. Raises ValidationError."""
    name = _clean_name(user, name)
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationError(_("These filters are too long to save."))
    if saved_filters(user).count() >= FILTERS_PER_USER:
        raise ValidationError(
            _("You can keep at most %(max)d saved filters. Delete one you no longer use.")
            % {"max": FILTERS_PER_USER}
        )
    try:
        with transaction.atomic():
            return SavedFilter.objects.create(user=user, name=name, query=query, created_at=now)
    except IntegrityError:  # saved under the same name meanwhile, e.g. from another tab
        raise ValidationError({"name": _duplicate_message(name)}) from None


def rename_filter(saved, *, name):
    """Give `saved` another name, unique among its owner's filters. Raises ValidationError."""
    name = _clean_name(saved.user, name, exclude=saved)
    saved.name = name
    try:
        with transaction.atomic():
            saved.save(update_fields=["name"])
    except IntegrityError:
        raise ValidationError({"name": _duplicate_message(name)}) from None
    return saved


def delete_filter(saved):
    saved.delete()


def _clean_name(user, name, *, exclude=None):
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the filter a name.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "name": _("A name has at most %(max)d characters (this one has %(length)d).")
                % {"max": NAME_MAX_LENGTH, "length": len(name)}
            }
        )
    others = saved_filters(user).filter(name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"name": _duplicate_message(name)})
    return name


def _duplicate_message(name):
    return _("You already have a filter called “%(name)s”. Choose another name.") % {"name": name}
