"""How a customer gets to their complaints without an account (PO-1, PO-2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInLink(models.Model):
    """A sign-in link e-mailed to a customer: single use, short-lived, kept only as a hash.

    The database never holds the link itself, so a copy of it (a backup, a read replica)
    signs nobody in.
    """

    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        indexes = [models.Index(fields=["expires_at"], name="signin_link_expiry")]

    def __str__(self):
        return f"{self.email} until {self.expires_at:%Y-%m-%d %H:%M}"


class AttemptCount(models.Model):
    """How often one key (a client address, a reference, an e-mail) tried something in one
    window: lookups by reference and sign-in requests are rate-limited on these."""

    key = models.CharField(max_length=120)
    window = models.PositiveBigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="one_attempt_count_per_window")
        ]

    def __str__(self):
        return f"{self.key} @ {self.window}: {self.count}"
