"""Automatic routing of new complaints (DL-4): the admin's rules and each agent's profile."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    OFF = "off", _("Off: new complaints wait in the shared queue")
    ROUND_ROBIN = "round_robin", _("Round robin: in turn, whoever waited longest")
    LEAST_LOAD = "least_load", _("Least open load: whoever owns the fewest open complaints")


class RoutingSettings(models.Model):
    """One row (pk 1): how new complaints find an owner. Off until an admin turns it on,
    so an installation that never looked at routing keeps its shared queue."""

    mode = models.CharField(_("routing"), max_length=20, choices=Mode.choices, default=Mode.OFF)
    match_categories = models.BooleanField(
        _("match skills"),
        default=True,
        help_text=_("Only agents who handle the complaint's category."),
    )
    match_languages = models.BooleanField(
        _("match languages"),
        default=True,
        help_text=_("Only agents who speak the complaint's language."),
    )
    respect_presence = models.BooleanField(
        _("respect presence"),
        default=True,
        help_text=_("Skip agents who are away, absent, or on a planned absence."),
    )
    sticky_owner = models.BooleanField(
        _("sticky owner"),
        default=True,
        help_text=_("A returning customer goes to the agent of their previous complaint."),
    )

    class Meta:
        verbose_name = _("routing settings")
        verbose_name_plural = _("routing settings")

    def __str__(self):
        return str(self.get_mode_display())

    @property
    def is_on(self):
        return self.mode != Mode.OFF


class Presence(models.TextChoices):
    AVAILABLE = "available", _("Available")
    AWAY = "away", _("Away")
    ABSENT = "absent", _("Absent")


class AgentProfile(models.Model):
    """What routing knows of one member of the complaint team."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routing_profile"
    )
    # Empty means every category: a new agent is not left out until someone ticks boxes.
    categories = models.ManyToManyField(
        "complaints.Category",
        blank=True,
        related_name="+",
        verbose_name=_("categories handled"),
        help_text=_("None ticked: every category."),
    )
    # Codes from settings.LANGUAGES; empty means any language.
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    presence = models.CharField(
        _("presence"), max_length=20, choices=Presence.choices, default=Presence.AVAILABLE
    )
    # Agents get new work by default; managers and admins only when this is ticked.
    receives_new_work = models.BooleanField(_("receives new work"), default=True)
    # Round robin: the lowest turn goes next (never routed: 0, first). A counter rather
    # than a time, so a letter registered with an older receipt date cannot jump the queue.
    turn = models.PositiveBigIntegerField(default=0)
    last_routed_at = models.DateTimeField(_("last routed"), null=True, blank=True)

    class Meta:
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")

    def __str__(self):
        return str(self.user)


class Absence(models.Model):
    """A planned absence (holiday, training): routing skips the agent on these local days,
    whatever their presence says."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["first_day", "pk"]
        indexes = [models.Index(fields=["user", "last_day"], name="absence_user_last_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="absence_last_day_not_before_first",
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.first_day} to {self.last_day}"
