from django.db import models
from django.utils.translation import gettext_lazy as _


class AttributeDefinition(models.Model):
    """A question a category adds to its complaints (IN-7). Without a category it is asked
    for every complaint."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice from a list")
        FILE = "file", _("File (photo or PDF)")

    category = models.ForeignKey(
        "complaints.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attribute_definitions",
        verbose_name=_("category"),
        help_text=_("Leave empty for every category."),
    )
    label = models.CharField(_("label"), max_length=100)
    # Made from the label; stable once created, so other channels (the API) can name it.
    key = models.SlugField(_("key"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    visible_to_customer = models.BooleanField(
        _("asked on the public form"),
        default=True,
        help_text=_("Otherwise only staff see and fill it in."),
    )
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "key"], name="attribute_key_unique_per_category"
            ),
            # NULL never equals NULL in a unique constraint, so the fields for every
            # category need their own.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(category__isnull=True),
                name="attribute_key_unique_for_all_categories",
            ),
        ]

    def __str__(self):
        return self.label

    def applies_to(self, category_id):
        return self.category_id is None or self.category_id == category_id


class AttributeValue(models.Model):
    """What a complaint answered to one AttributeDefinition. A file answer is an attachment
    of the complaint, so it is stored, checked and served like every other."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="attribute_values"
    )
    definition = models.ForeignKey(
        AttributeDefinition, on_delete=models.PROTECT, related_name="values"
    )
    # Text and choices as given, numbers as a decimal string, dates in ISO format.
    value = models.JSONField(null=True, blank=True)
    attachment = models.ForeignKey(
        "complaints.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("custom field value")
        verbose_name_plural = _("custom field values")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "definition"], name="one_value_per_complaint_and_field"
            )
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.definition_id}"
