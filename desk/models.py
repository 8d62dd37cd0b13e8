from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class DeskPreferences(models.Model):
    """How one member of staff likes the desk: for now, the columns of the complaint list."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="desk_preferences",
        verbose_name=_("staff member"),
    )
    # Column keys of desk.columns.COLUMNS; the reference is always shown and not stored.
    list_columns = models.JSONField(_("list columns"), default=list, blank=True)

    class Meta:
        verbose_name = _("desk preferences")
        verbose_name_plural = _("desk preferences")

    def __str__(self):
        return str(self.user)


class SavedFilter(models.Model):
    """A named set of list filters and a sort, kept for one member of staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_filters",
        verbose_name=_("staff member"),
    )
    name = models.CharField(_("name"), max_length=60)
    # Normalised through the list's filter form (desk.saved_filters.normalised_query).
    query = models.CharField(_("filters"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                "user", Lower("name"), name="desk_savedfilter_name_unique_per_user"
            )
        ]

    def __str__(self):
        return self.name
