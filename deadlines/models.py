"""Deadlines as data: business calendars, legal rules (DL-2), service levels (DL-1) and the
two clocks every complaint carries."""

import zoneinfo
from datetime import time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import CustomerType, Priority, Remedy

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


def default_working_weekdays():
    return [0, 1, 2, 3, 4]


def default_time_zone():
    return settings.TIME_ZONE


class Calendar(models.Model):
    """Working days and hours in a time zone, with a country's public holidays."""

    name = models.CharField(_("name"), max_length=100)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 code whose public holidays apply.")
    )
    subdivision = models.CharField(
        _("subdivision"),
        max_length=10,
        blank=True,
        help_text=_("Region with its own holidays, if any (e.g. ENG for England)."),
    )
    time_zone = models.CharField(_("time zone"), max_length=60, default=default_time_zone)
    # Weekday numbers, Monday = 0.
    working_weekdays = models.JSONField(_("working weekdays"), default=default_working_weekdays)
    work_starts = models.TimeField(_("working hours start"), default=time(9))
    work_ends = models.TimeField(_("working hours end"), default=time(17))
    is_default = models.BooleanField(_("default calendar"), default=False)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_calendar",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.time_zone not in zoneinfo.available_timezones():
            errors["time_zone"] = _("Choose a time zone such as Europe/Warsaw.")
        weekdays = self.working_weekdays
        if not isinstance(weekdays, list) or not all(d in range(7) for d in weekdays):
            errors["working_weekdays"] = _("Give weekday numbers from 0 (Monday) to 6 (Sunday).")
        elif not weekdays:
            errors["working_weekdays"] = _("Choose at least one working weekday.")
        if self.work_starts and self.work_ends and self.work_starts >= self.work_ends:
            errors["work_ends"] = _("Working hours must end after they start.")
        if errors:
            raise ValidationError(errors)


class DayOff(models.Model):
    """A company-specific day without work (a bridge day, a company holiday)."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="days_off")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("day off")
        verbose_name_plural = _("days off")
        ordering = ["calendar", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="one_day_off_per_date")
        ]

    def __str__(self):
        return f"{self.date} {self.name}".strip()


class LegalRule(models.Model):
    """A statutory answer term (DL-2), counted in calendar days from the day after receipt."""

    class Subject(models.TextChoices):
        ANY = "", _("Any subject")
        GOODS = "goods", _("Goods")
        SERVICES = "services", _("Services or digital content")
        FINANCIAL = "financial", _("Financial services")

    class StopsAt(models.TextChoices):
        DELIVERY = "delivery", _("When the answer reaches the customer")
        SENDING = "sending", _("When the answer is sent")

    class Consequence(models.TextChoices):
        DEEMED_ACCEPTED = "deemed_accepted", _("The complaint is deemed accepted")
        BREACH = "breach", _("A breach of the law (no automatic acceptance)")

    name = models.CharField(_("name"), max_length=200)
    jurisdiction = models.CharField(
        _("jurisdiction"),
        max_length=2,
        blank=True,
        help_text=_("ISO 3166 country code; empty applies anywhere no other rule does."),
    )
    customer_type = models.CharField(
        _("customer type"), max_length=20, choices=CustomerType.choices, blank=True
    )
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices, blank=True)
    remedy = models.CharField(
        _("remedy"),
        max_length=20,
        choices=[("", _("Any remedy")), *Remedy.choices],
        blank=True,
    )
    days = models.PositiveSmallIntegerField(_("calendar days"))
    extended_days = models.PositiveSmallIntegerField(
        _("calendar days in a complex case"),
        null=True,
        blank=True,
        help_text=_("The longer term the law allows when the customer is told why."),
    )
    moves_off_non_working_day = models.BooleanField(
        _("an end on a Saturday, Sunday or public holiday moves to the next working day"),
        default=False,
    )
    stops_at = models.CharField(
        _("the clock stops"), max_length=20, choices=StopsAt.choices, default=StopsAt.SENDING
    )
    consequence = models.CharField(
        _("when missed"), max_length=20, choices=Consequence.choices, default=Consequence.BREACH
    )
    description = models.TextField(_("legal source"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("legal rule")
        verbose_name_plural = _("legal rules")
        ordering = ["jurisdiction", "name"]

    def __str__(self):
        return self.name


class LegalProfile(models.Model):
    """What the law needs to know about the company itself (one row): a financial-market
    entity answers its customers under the financial-market terms (in Poland the act of
    5 August 2015, 30 days) instead of the consumer-law ones."""

    financial_market_entity = models.BooleanField(
        _("we are a financial-market entity"),
        default=False,
        help_text=_(
            "A bank, insurer, investment firm, payment institution or lender: complaints follow "
            "the legal terms for financial services."
        ),
    )

    class Meta:
        verbose_name = _("legal profile of the company")
        verbose_name_plural = _("legal profile of the company")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls()


class SlaPolicy(models.Model):
    """Service-level targets in business hours (DL-1); empty conditions match anything."""

    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        "complaints.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    customer_type = models.CharField(
        _("customer type"), max_length=20, choices=CustomerType.choices, blank=True
    )
    first_response_hours = models.PositiveIntegerField(_("first response (hours)"), default=24)
    resolution_hours = models.PositiveIntegerField(_("resolution (business hours)"), default=40)
    calendar = models.ForeignKey(
        Calendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
        verbose_name=_("calendar"),
        help_text=_("Empty: the default calendar."),
    )
    warn_at_percent = models.PositiveSmallIntegerField(
        _("warn at (percent of the time)"), default=75
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service level policy")
        verbose_name_plural = _("service level policies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def first_response_time(self):
        return timedelta(hours=self.first_response_hours)

    @property
    def resolution_time(self):
        return timedelta(hours=self.resolution_hours)


class ComplaintClock(models.Model):
    """The two clocks of one complaint: the service level (business time, pauses while we
    wait for the customer) and the legal term (calendar days, never pauses)."""

    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="clock"
    )
    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sla_started_at = models.DateTimeField(_("service clock started"))
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True, db_index=True)
    # "Due soonest" sorts by this: the resolution due date while the service clock runs
    # (or is paused), empty once it stopped, so closed complaints do not lead the list.
    # Computed by the database from the two columns, and indexed.
    open_resolution_due = models.GeneratedField(
        expression=models.Case(
            models.When(stopped_at__isnull=True, then=models.F("resolution_due")),
            default=None,
        ),
        output_field=models.DateTimeField(null=True),
        db_persist=True,
        db_index=True,
    )
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    # Business time spent paused before `paused_since`; the due dates move by it.
    paused_total = models.DurationField(_("time paused"), default=timedelta)
    stopped_at = models.DateTimeField(_("service clock stopped"), null=True, blank=True)

    legal_rule = models.ForeignKey(
        LegalRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    legal_complex_case = models.BooleanField(_("extended legal term"), default=False)
    legal_last_day = models.DateField(_("last day of the legal term"), null=True, blank=True)
    legal_due = models.DateTimeField(_("legal deadline"), null=True, blank=True, db_index=True)
    answer_sent_at = models.DateTimeField(_("answer sent"), null=True, blank=True)
    legal_stopped_at = models.DateTimeField(_("legal clock stopped"), null=True, blank=True)
    deemed_accepted_at = models.DateTimeField(_("deemed accepted"), null=True, blank=True)

    # DL-3 warnings. The instants the warn share of each term is reached, set wherever the
    # due dates are (deadlines.schedule).
    sla_warn_at = models.DateTimeField(_("service level warning"), null=True, blank=True)
    legal_warn_at = models.DateTimeField(_("legal deadline warning"), null=True, blank=True)
    # What the checker raised, each holding the due date it was raised for: a due date that
    # moves (a pause, a new policy) is raised again for the new date, never twice for one.
    first_response_breach_alerted_for = models.DateTimeField(null=True, blank=True)
    sla_warned_for = models.DateTimeField(null=True, blank=True)
    sla_breach_alerted_for = models.DateTimeField(null=True, blank=True)
    legal_warned_for = models.DateTimeField(null=True, blank=True)
    legal_breach_handled_for = models.DateTimeField(null=True, blank=True)
    # The earliest instant at which one of the events above still has to be raised; empty
    # when none is pending. The checker reads only rows with `next_check_at <= now` through a
    # partial index, so a run costs the number due, not the number of complaints.
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("complaint clock")
        verbose_name_plural = _("complaint clocks")
        indexes = [
            models.Index(
                fields=["next_check_at", "id"],
                condition=models.Q(next_check_at__isnull=False),
                name="clock_next_check",
            )
        ]

    def __str__(self):
        return str(self.complaint_id)

    @property
    def is_paused(self):
        return self.paused_since is not None and self.stopped_at is None

    @property
    def is_running(self):
        return self.stopped_at is None and self.paused_since is None
