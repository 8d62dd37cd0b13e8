import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint


def new_survey_token():
    # 32 random bytes: the link is the only key to the survey, so it must not be guessable.
    return secrets.token_urlsafe(32)


class Survey(models.Model):
    """The satisfaction survey of a closed complaint (CO-4): one per complaint, answered once."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="survey")
    token = models.CharField(max_length=64, unique=True, default=new_survey_token)
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="survey_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.complaint_id}: {self.score or '—'}"

    def is_expired(self, now):
        return now >= self.expires_at

    @property
    def is_answered(self):
        return self.answered_at is not None
