"""Every e-mail that came in, and the ones that could not be read (IN-4).

Raw bytes are kept in a BinaryField, not in file storage: they are written in the same
transaction as the row (a rolled-back ingest leaves no orphan file, a committed one never
lacks its bytes), backed up with the database, and the mail server already caps a message's
size (the attachments inside are stored as files through the usual attachment checks). A
message is kept byte for byte, so the full original can always be re-read or downloaded.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint


class InboundEmail(models.Model):
    class Outcome(models.TextChoices):
        CREATED = "created", _("Opened a complaint")
        REPLY = "reply", _("Added to a complaint")
        IGNORED = "ignored", _("Ignored")

    message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # The same bytes are never ingested twice, even without a Message-ID.
    sha256 = models.CharField(max_length=64, unique=True)
    from_address = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(db_index=True)
    complaint = models.ForeignKey(
        Complaint, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_emails"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    # Why it was ignored, or what else happened (attachments refused, acknowledgment held back).
    reason = models.CharField(max_length=300, blank=True)
    raw = models.BinaryField()

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.outcome} {self.message_id or self.sha256[:12]}"


class QuarantinedEmail(models.Model):
    """A message that could not be ingested: kept byte for byte until an admin reprocesses it."""

    sha256 = models.CharField(max_length=64, db_index=True)
    raw = models.BinaryField()
    error = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    reprocessed_at = models.DateTimeField(null=True, blank=True)
    # What reprocessing made of it (e.g. "created RK-2026-000012").
    result = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("quarantined e-mail")
        verbose_name_plural = _("quarantined e-mails")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"#{self.pk} {self.error[:60]}"


class Mailbox(models.Model):
    """An IMAP folder read by the worker (IN-4), each on its own schedule.

    The password is stored as given, like any other credential in the settings database:
    the IMAP server needs it in clear, so hashing is not possible; protect the database.
    """

    class Security(models.TextChoices):
        TLS = "tls", _("TLS (IMAPS, port 993)")
        STARTTLS = "starttls", _("STARTTLS (port 143)")
        # Only for a server on the same machine (a local Dovecot, tests).
        PLAIN = "plain", _("No encryption (local server only)")

    name = models.CharField(_("name"), max_length=100)
    host = models.CharField(_("server"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    security = models.CharField(
        _("security"), max_length=10, choices=Security.choices, default=Security.TLS
    )
    username = models.CharField(_("user name"), max_length=255)
    password = models.CharField(_("password"), max_length=255)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    poll_interval = models.PositiveIntegerField(_("poll every (seconds)"), default=60)
    default_category = models.ForeignKey(
        "complaints.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category of new complaints"),
    )
    default_language = models.CharField(
        _("language of new complaints"), max_length=10, default="pl"
    )
    is_active = models.BooleanField(_("active"), default=True)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.username}@{self.host})"


class AllowedSender(models.Model):
    """An address staff added to a complaint (IN-4): its mail that carries the complaint's
    reference in the subject joins the complaint, like the customer's own, instead of opening
    a new linked complaint."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="allowed_senders"
    )
    # Stored lower-case; senders are compared case-insensitively.
    email = models.EmailField(_("e-mail"), max_length=320)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("address allowed to write in")
        verbose_name_plural = _("addresses allowed to write in")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "email"], name="unique_allowed_sender")
        ]

    def __str__(self):
        return self.email
