"""Opinions asked of specialists and departments (WF-6)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OpinionRequest(models.Model):
    """A question about one complaint to a specialist or to a department, with a due date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        OVERDUE = "overdue", _("Overdue")
        ANSWERED = "answered", _("Answered")
        CANCELLED = "cancelled", _("Cancelled")

    # complaints.queries.consulted_on() follows this relation by its name.
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.CASCADE,
        related_name="opinion_requests",
        verbose_name=_("complaint"),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"))
    # Exactly one of specialist and department (see the constraint).
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinion_requests",
        verbose_name=_("specialist"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinion_requests",
        verbose_name=_("department"),
    )
    question = models.TextField(_("question"))
    due = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion request")
        verbose_name_plural = _("opinion requests")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(specialist__isnull=False, department__isnull=True)
                | models.Q(specialist__isnull=True, department__isnull=False),
                name="opinion_asks_specialist_or_department",
            )
        ]
        indexes = [
            # "Consulted on": open requests of a person or department, soonest due first.
            models.Index(fields=["specialist", "due"], name="opinion_specialist_due"),
            models.Index(fields=["department", "due"], name="opinion_department_due"),
        ]

    def __str__(self):
        return f"{self.complaint_id}: {self.asked}"

    @property
    def asked(self):
        """Who was asked: the specialist or the department."""
        return self.specialist or self.department

    @property
    def is_open(self):
        return self.answered_at is None and self.cancelled_at is None

    def status(self, *, today):
        if self.cancelled_at is not None:
            return self.Status.CANCELLED
        if self.answered_at is not None:
            return self.Status.ANSWERED
        return self.Status.OVERDUE if self.due < today else self.Status.OPEN
