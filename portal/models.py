from django.db import models
from django.utils.translation import gettext_lazy as _

from workflow.models import Decision


class DecisionAnswer(models.Model):
    """The customer's answer to a decision in the portal (PO-1): one per decision; a new
    decision takes a new answer."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        CONTESTED = "contested", _("Contested")
        CHOSE_REMEDY = "chose_remedy", _("Chose a remedy")

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="customer_answer"
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    remedy = models.CharField(
        _("chosen remedy"), max_length=20, choices=Decision.Remedy.choices, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(_("answered at"))
    # The stage a contest moved the complaint back to for review; empty when it could not.
    reopened_to = models.CharField(_("reopened for review in"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("answer to a decision")
        verbose_name_plural = _("answers to decisions")

    def __str__(self):
        return f"{self.decision_id}: {self.answer}"


class RevokedTrackingLink(models.Model):
    """A tracking token replaced by a new one: its link says it is no longer valid."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("revoked tracking link")
        verbose_name_plural = _("revoked tracking links")

    def __str__(self):
        return f"{self.complaint_id} @ {self.revoked_at}"
