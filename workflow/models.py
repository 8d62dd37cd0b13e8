"""The complaint process as data (WF-1): stages, the transitions between them, who may take
each, and what a transition requires. Complaints refer to their stage by its key."""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint
from workflow.defaults import DEFAULT_CHECKLIST, DEFAULT_PROCESS_NAME, DEFAULT_STAGE_TEXTS

SHIPPED_CHECKLIST_TEXTS = {text for _kind, text in DEFAULT_CHECKLIST}


class Process(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Complaints follow the process of their category, or the default one.
    is_default = models.BooleanField(_("default process"), default=False)
    categories = models.ManyToManyField(
        "complaints.Category",
        blank=True,
        related_name="processes",
        verbose_name=_("categories"),
        help_text=_("Complaints in these categories follow this process."),
    )

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_process",
            )
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The name in the reader's language while it is still the shipped default."""
        return gettext(self.name) if self.name == DEFAULT_PROCESS_NAME else self.name


class Stage(models.Model):
    class Clock(models.TextChoices):
        NONE = "", _("No change")
        START = "start", _("Start the service clock")
        PAUSE = "pause", _("Pause the service clock")
        STOP = "stop", _("Stop the service clock")

    class WaitsFor(models.TextChoices):
        NOBODY = "", _("Nobody (we are working on it)")
        CUSTOMER = "customer", _("The customer")
        SPECIALIST = "specialist", _("A specialist")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Stable identifier; complaints store it.")
    )
    name = models.CharField(_("name"), max_length=100)
    customer_text = models.CharField(_("what the customer is told"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_initial = models.BooleanField(_("new complaints start here"), default=False)
    is_final = models.BooleanField(_("final stage"), default=False)
    notify_customer = models.BooleanField(_("tell the customer on entering"), default=False)
    clock = models.CharField(
        _("service clock on entering"), max_length=10, choices=Clock.choices, blank=True
    )
    # "Ask the customer" (WF-2) and "ask a specialist" (WF-6) move to the stage that waits.
    waits_for = models.CharField(
        _("while here, we wait for"), max_length=20, choices=WaitsFor.choices, blank=True
    )
    # Document kinds (documents.models.Kind values) generated on entering the stage (DO-1).
    documents = models.JSONField(_("documents made on entering"), default=list, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["process", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "key"], name="stage_key_unique_in_process")
        ]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The name in the reader's language while it is still the shipped default."""
        default = DEFAULT_STAGE_TEXTS.get(self.key)
        return gettext(self.name) if default and self.name == default[0] else self.name

    @property
    def customer_label(self):
        default = DEFAULT_STAGE_TEXTS.get(self.key)
        if default and self.customer_text == default[1]:
            return gettext(self.customer_text)
        return self.customer_text


class Transition(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="transitions")
    source = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("to")
    )
    # Roles that may take it (accounts.Role values); empty means the complaint team
    # (accounts.models.TEAM_ROLES), never specialists.
    allowed_roles = models.JSONField(_("roles allowed"), default=list, blank=True)
    # Complaint fields that must be filled before the move.
    required_fields = models.JSONField(_("required fields"), default=list, blank=True)
    requires_reason = models.BooleanField(_("a reason must be given"), default=False)
    # Decision outcomes that make this move (WF-3); when set, only recording such a
    # decision takes the transition.
    decision_outcomes = models.JSONField(_("made by a decision of"), default=list, blank=True)
    requires_checklist = models.BooleanField(
        _("the verification checklist must be complete"), default=False
    )
    requires_actions_done = models.BooleanField(
        _("every resolution action must be done"), default=False
    )

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["process", "source__position", "target__position"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_transition_per_pair")
        ]

    def __str__(self):
        return f"{self.source} → {self.target}"

    @property
    def required_field_labels(self):
        return [complaint_field_label(name) for name in self.required_fields]


def complaint_field_label(name):
    """A complaint field's name for people; the raw name if the field is gone."""
    try:
        return str(Complaint._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


class Decision(models.Model):
    """The answer to a complaint (WF-3). A complaint keeps every decision; the last one holds."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTIALLY_ACCEPTED = "partial", _("Partially accepted")
        REJECTED = "rejected", _("Rejected")

    class Remedy(models.TextChoices):
        REPAIR = "repair", _("Repair")
        REPLACEMENT = "replacement", _("Replacement")
        REFUND = "refund", _("Refund")
        PRICE_REDUCTION = "price_reduction", _("Price reduction")
        VOUCHER = "voucher", _("Voucher or coupon")
        GIFT = "gift", _("Gift")
        OTHER = "other", _("Other")

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="decisions"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    justification = models.TextField(_("justification"))
    remedy = models.CharField(_("remedy"), max_length=20, choices=Remedy.choices, blank=True)
    # Remedies the customer may pick instead of `remedy` in the portal (PO-2); empty: no choice.
    offered_remedies = models.JSONField(
        _("remedies the customer may choose from"), default=list, blank=True
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Of a refund or price reduction."),
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    compensation = models.DecimalField(
        _("compensation value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    settles_all_claims = models.BooleanField(
        _("this settles all claims"),
        default=False,
        help_text=_("Marked for legal review: the customer accepts it in full settlement."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "pk"]

    def __str__(self):
        return f"{self.complaint_id}: {self.outcome}"

    # The remedies that carry an amount.
    MONEY_REMEDIES = (Remedy.REFUND, Remedy.PRICE_REDUCTION)

    @property
    def amount_remedy(self):
        """The remedy the amount belongs to: the decision's own refund or price reduction,
        else the one it offers the customer to choose (PO-2); "" when neither has money."""
        if self.remedy in self.MONEY_REMEDIES:
            return self.remedy
        return next((value for value in self.offered_remedies if value in self.MONEY_REMEDIES), "")

    @property
    def offered_labels(self):
        """The remedies offered to choose from, as their (translatable) names."""
        labels = dict(self.Remedy.choices)
        return [labels[value] for value in self.offered_remedies if value in labels]

    @property
    def own_remedy_label(self):
        return self.remedy_label(self.remedy)

    @property
    def offered_choice_labels(self):
        """The offered remedies' names, the one with money showing its amount."""
        return [self.remedy_label(value) for value in self.offered_remedies]

    def remedy_label(self, value):
        """The name of `value` in the active language, with the amount when the amount
        belongs to it."""
        label = str(dict(self.Remedy.choices).get(value, value))
        if value and value == self.amount_remedy and self.amount is not None:
            return f"{label} · {self.amount} {self.currency}"
        return label


class ChecklistItem(models.Model):
    """One point to verify (WF-2). Without a category it applies to every complaint."""

    class Kind(models.TextChoices):
        COMPLETENESS = "completeness", _("Completeness")
        LEGITIMACY = "legitimacy", _("Legitimacy")

    category = models.ForeignKey(
        "complaints.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("category"),
        help_text=_("Leave empty for every category."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("what to check"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position", "pk"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """The text in the reader's language while it is still the shipped default."""
        return gettext(self.text) if self.text in SHIPPED_CHECKLIST_TEXTS else self.text


class ChecklistMark(models.Model):
    """A checklist item ticked for one complaint."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="checklist_marks"
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="marks")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "item"], name="one_mark_per_item")
        ]

    def __str__(self):
        return f"{self.complaint_id}: {self.item_id}"


class ResolutionAction(models.Model):
    """Something to do to put the complaint right (WF-4): refund paid, replacement shipped…"""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="resolution_actions"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolution action")
        verbose_name_plural = _("resolution actions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text
