from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import Attachment
from messaging.placeholders import check_placeholders
from notifications.models import OutboundEmail


class CannedResponse(models.Model):
    """A ready text an agent starts a message to the customer from (CO-3), in one language.

    Subject and body may hold placeholders ({customer_name}, {reference}, …) filled in for
    the complaint when the agent picks it; see messaging.canned.PLACEHOLDERS.
    """

    title = models.CharField(_("title"), max_length=100)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    category = models.ForeignKey(
        "complaints.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
        help_text=_("Offered first for complaints of this category; empty for all."),
    )
    active = models.BooleanField(_("offered to agents"), default=True)
    # The shipped defaults carry a key, so a later data migration can find them again.
    key = models.SlugField(max_length=50, blank=True)

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["language", "title", "pk"]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def clean(self):
        """Refuse placeholders we cannot fill: an agent would send "{ordr}" to a customer."""
        errors = {}
        for field in ("subject", "body"):
            try:
                check_placeholders(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if errors:
            raise ValidationError(errors)


class MessageAttachment(models.Model):
    """A stored file that goes out with an outbox e-mail.

    The outbox (notifications.outbox.deliver_email) asks messaging.attachments for these
    while building the message, so the outbox's own model needs no change.
    """

    email = models.ForeignKey(
        OutboundEmail, on_delete=models.CASCADE, related_name="message_attachments"
    )
    attachment = models.ForeignKey(Attachment, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "attachment"], name="message_attachment_once_per_email"
            )
        ]

    def __str__(self):
        return f"{self.email_id}: {self.attachment_id}"
