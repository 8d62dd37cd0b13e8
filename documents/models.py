"""Documents (DO-1, DO-2): PDF letters and protocols made from admins' templates, kept per
complaint in versions."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint


class Kind(models.TextChoices):
    REGISTRATION = "registration_confirmation", _("Registration confirmation")
    INFORMATION_REQUEST = "information_request", _("Request for information")
    DECISION = "decision_letter", _("Decision letter")
    PROTOCOL = "protocol", _("Hand-over protocol")


# Every kind is written to the customer; the portal shows the latest version of each.
CUSTOMER_FACING = frozenset(Kind.values)


def document_path(instance, filename):
    # A random name: nothing about the complaint or its customer in the path.
    return f"documents/{instance.created_at:%Y/%m}/{secrets.token_hex(16)}.pdf"


class Document(models.Model):
    """One generated PDF. Regenerating a kind makes the next version; older ones are kept."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=document_path, max_length=200)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("made at"))
    # None: made automatically on entering a stage.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    # The automatic step that made it ("<stage key>@<ISO time>"), empty when made on demand;
    # the stage's task and the step's e-mail may both ask for it, and it is made once.
    step = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["complaint", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind", "version"], name="one_document_version"
            ),
            models.UniqueConstraint(
                fields=["complaint", "kind", "step"],
                condition=~models.Q(step=""),
                name="one_document_per_step",
            ),
        ]

    def __str__(self):
        return self.filename

    @property
    def filename(self):
        """e.g. RK-2026-000123-decision-letter-v2.pdf"""
        slug = self.kind.replace("_", "-")
        return f"{self.complaint.reference}-{slug}-v{self.version}.pdf"

    @property
    def title(self):
        """What the document is, in the reader's language ("Decision letter")."""
        return self.get_kind_display()

    @property
    def is_customer_facing(self):
        return self.kind in CUSTOMER_FACING


class DocumentTemplate(models.Model):
    """The title and text of a kind in one language, in Typst markup with {placeholders}."""

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Typst markup: *bold*, _italic_, a blank line between paragraphs, - for a list. "
            "Placeholders in braces are filled in."
        ),
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_document_template")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"


class KindSetting(models.Model):
    """Per kind: whether the customer's e-mail of the step that made it carries it."""

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, unique=True)
    email_to_customer = models.BooleanField(
        _("attach it to the customer's e-mail of that step"), default=False
    )

    class Meta:
        verbose_name = _("document kind setting")
        verbose_name_plural = _("document kind settings")

    def __str__(self):
        return self.get_kind_display()


class EmailDocument(models.Model):
    """A document an outbox e-mail carries: asked for when the e-mail is queued, found or
    made when it is delivered (the stage's task may not have run yet)."""

    email = models.ForeignKey(
        "notifications.OutboundEmail", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    step = models.CharField(max_length=100)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="one_document_kind_per_email")
        ]

    def __str__(self):
        return f"{self.email_id}: {self.kind}"
