from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint


class OutboundSms(models.Model):
    """A text message to a customer, written in the transaction that caused it.

    A table of its own rather than a generalised OutboundEmail: an SMS has no subject, no
    Message-ID and a phone number instead of an address, and the e-mail outbox's
    `email_sent` receivers (the legal clock) must never see a text message.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="text_messages")
    event = models.CharField(max_length=30)
    to = models.CharField(max_length=20, help_text=_("E.164, e.g. +48601234567"))
    text = models.TextField()
    language = models.CharField(max_length=10)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing text message")
        verbose_name_plural = _("outgoing text messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.event} → {self.to}"
