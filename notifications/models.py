from django.conf import settings
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
        # The answer to the complaint (WF-3); its delivery stops the legal clock (DL-2).
        DECISION = "decision", _("Decision")
        # A longer legal term in a complex case, with the reason the customer must be told.
        TERM_EXTENDED = "term_extended", _("Legal term extended")
        # To a member of staff (notifications.alerts): not part of the customer's timeline.
        STAFF_ALERT = "staff_alert", _("Alert to staff")
        # CO-1: a notification rule fired (stage changed, closed, specialist involved, …).
        NOTIFICATION = "notification", _("Notification")
        # CO-3: written by an agent on the complaint page.
        MESSAGE = "message", _("Message from staff")
        # CO-4: the satisfaction survey link after closing.
        SURVEY = "survey", _("Satisfaction survey")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="emails")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    language = models.CharField(max_length=10)
    message_id = models.CharField(max_length=255, unique=True)
    # Threading (CO-1): the message this one follows, and a short chain of earlier ones.
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
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


class StaffAlert(models.Model):
    """Something a member of staff must know (DL-3 warnings, breaches, routing failures):
    listed on their desk and e-mailed. `key` makes it happen once per recipient, however
    often the code that raises it runs."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=200)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("raised"), db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff alert")
        verbose_name_plural = _("staff alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_alert_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="alert_inbox")]

    def __str__(self):
        return self.text[:80]


class NotificationRule(models.Model):
    """CO-1: on an event, tell the customer on a channel. Data, so admins switch it off."""

    class Event(models.TextChoices):
        RECEIVED = "received", _("Complaint received")
        STAGE_CHANGED = "stage_changed", _("Stage changed")
        DECISION = "decision", _("Decision made")
        MESSAGE_FROM_STAFF = "message_from_staff", _("Message from staff")
        DEADLINE_EXTENDED = "deadline_extended", _("Legal term extended")
        SPECIALIST_INVOLVED = "specialist_involved", _("Specialist involved")
        CLOSED = "closed", _("Complaint closed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("switched on"), default=True)
    # The acknowledgment by SMS is for customers who gave us no e-mail address.
    only_without_email = models.BooleanField(
        _("only for customers without an e-mail address"), default=False
    )

    class Meta:
        verbose_name = _("notification rule")
        verbose_name_plural = _("notification rules")
        ordering = ["event", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="one_rule_per_event_channel")
        ]

    def __str__(self):
        return f"{self.get_event_display()} · {self.get_channel_display()}"


class NotificationTemplate(models.Model):
    """The text of a rule in one language; placeholders like {reference} are filled in."""

    rule = models.ForeignKey(NotificationRule, on_delete=models.CASCADE, related_name="templates")
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("notification template")
        verbose_name_plural = _("notification templates")
        ordering = ["rule", "language"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "language"], name="one_template_per_language")
        ]

    def __str__(self):
        return f"{self.rule} ({self.language})"

    def clean(self):
        from notifications.placeholders import check_placeholders

        check_placeholders(subject=self.subject, body=self.body)
