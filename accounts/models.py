from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Manager")
    AGENT = "agent", _("Agent")
    # WF-6, AD-1: an expert outside the complaint team, asked for opinions.
    SPECIALIST = "specialist", _("Specialist")


# The complaint team: who takes, moves, decides and writes to customers. A transition with
# no roles listed is open to these roles, not to every account (see workflow.queries.may_take).
TEAM_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.AGENT})


class User(AbstractUser):
    """A member of staff. Customers never have a User: they are complaints.Customer."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_manager(self):
        """Managers and admins may assign work and see every queue."""
        return self.role in {Role.MANAGER, Role.ADMIN}

    @property
    def in_complaint_team(self):
        """Handles complaints: takes, moves, decides. Specialists only read and answer."""
        return self.role in TEAM_ROLES

    @property
    def is_specialist(self):
        return self.role == Role.SPECIALIST


class Department(models.Model):
    """A group of staff asked for opinions as one (WF-6): "Technical service", "Quality"."""

    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        User, blank=True, related_name="departments", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="department_name_unique")]

    def __str__(self):
        return self.name
