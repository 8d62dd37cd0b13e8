from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint


class OutboundEmail(models.Model):
    """An e-mail to a customer, written in the transaction that caused it (the outbox).

    The worker delivers it after commit; a delivery that crashed is picked up again by the
    periodic redelivery job, so nothing queued is lost.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Purpose(models.TextChoices):
        ACKNOWLEDGMENT = "acknowledgment", _("Acknowledgment")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="emails")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    language = models.CharField(max_length=10)
    message_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    # When the next delivery attempt is due, or when the running one is considered stalled.
    due_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.purpose} → {self.to}"
