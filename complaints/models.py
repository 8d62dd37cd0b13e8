import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB_FORM = "web_form", _("Web form")
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    API = "api", _("API")
    PORTAL = "portal", _("Customer portal")


class Remedy(models.TextChoices):
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")
    REFUND = "refund", _("Refund")
    PRICE_REDUCTION = "price_reduction", _("Price reduction")
    OTHER = "other", _("Other")


class Priority(models.IntegerChoices):
    LOW = 10, _("Low")
    NORMAL = 20, _("Normal")
    HIGH = 30, _("High")
    URGENT = 40, _("Urgent")


class ComplaintType(models.TextChoices):
    PRODUCT = "product", _("Faulty product")
    SERVICE = "service", _("Service")
    DELIVERY = "delivery", _("Delivery")
    BILLING = "billing", _("Billing")
    OTHER = "other", _("Other")


class Complexity(models.IntegerChoices):
    SIMPLE = 10, _("Simple")
    STANDARD = 20, _("Standard")
    COMPLEX = 30, _("Complex")


class Category(models.Model):
    """What a complaint is about (goods, services, B2B, …). A category may choose its own
    process, checklist and custom fields (see the workflow and customfields apps)."""

    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered for new complaints"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="category_name_unique")]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="tag_name_unique")]

    def __str__(self):
        return self.name


class CustomerType(models.TextChoices):
    """Whom the law protects more (DL-1, DL-2). ANY is for rules that match either."""

    ANY = "", _("Any customer")
    CONSUMER = "consumer", _("Consumer")
    BUSINESS = "business", _("Business")


class Customer(models.Model):
    """Someone who complains. Found again by e-mail or phone; needs no account."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    # Consumers are the default: their terms are the strictest we ship, the safer mistake.
    customer_type = models.CharField(
        _("customer type"),
        max_length=20,
        choices=CustomerType.choices[1:],
        default=CustomerType.CONSUMER,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [models.Index(Lower("name"), name="customer_name_lower")]

    def __str__(self):
        return self.name or self.email or self.phone


class ReferenceCounter(models.Model):
    """The last reference number given out in a year; a row lock serialises intake."""

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def new_tracking_token():
    return secrets.token_urlsafe(24)


class Complaint(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"), db_index=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("customer")
    )
    product = models.CharField(_("product"), max_length=200, blank=True)
    order_number = models.CharField(_("order number"), max_length=100, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    description = models.TextField(_("what happened"))
    requested_remedy = models.CharField(
        _("requested remedy"), max_length=20, choices=Remedy.choices
    )
    language = models.CharField(_("language"), max_length=10)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("category"),
    )
    type = models.CharField(_("type"), max_length=20, choices=ComplaintType.choices, blank=True)
    complexity = models.PositiveSmallIntegerField(
        _("complexity"), choices=Complexity.choices, default=Complexity.STANDARD
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="complaints", verbose_name=_("tags")
    )
    # The key of a stage of the complaint's process (see the workflow app).
    stage = models.CharField(_("stage"), max_length=50, default="new")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_complaints",
        verbose_name=_("owner"),
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True)
    # IN-8: the earlier complaint of the same customer about the same product, if any.
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )
    # WF-9: a duplicate merged into another complaint points to the one that survives.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_complaints",
        verbose_name=_("merged into"),
    )
    tracking_token = models.CharField(max_length=64, unique=True, default=new_tracking_token)
    # Set by the form that submitted it; a second post of the same form finds this complaint.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]
        indexes = [
            # The board's columns page newest first with the id as tie-break.
            models.Index(fields=["stage", "-received_at", "-id"]),
            models.Index(fields=["owner", "-received_at"]),
            models.Index(fields=["channel", "-received_at"]),
        ]

    def __str__(self):
        return self.reference


class ComplaintLink(models.Model):
    """Two related complaints (WF-9). Stored once per pair, the lower id first."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("link between complaints")
        verbose_name_plural = _("links between complaints")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "other"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=models.Q(complaint__lt=models.F("other")), name="link_lower_id_first"
            ),
        ]

    def __str__(self):
        return f"{self.complaint_id} ↔ {self.other_id}"


def attachment_path(instance, filename):
    # A random name: nothing the uploader chose ends up in a path.
    return f"attachments/{instance.complaint.received_at:%Y/%m}/{secrets.token_hex(16)}"


class AttachmentRole(models.TextChoices):
    """What a file shows; the hand-over protocol (DO-1) prints the "before" and "after" photos."""

    UNSPECIFIED = "", _("Unspecified")
    BEFORE = "before", _("Before (the defect)")
    AFTER = "after", _("After (the remedy)")
    RECEIPT = "receipt", _("Receipt or proof of purchase")


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    thumbnail = models.FileField(upload_to=attachment_path, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    role = models.CharField(
        _("shows"), max_length=20, choices=AttachmentRole.choices, default="", blank=True
    )
    is_internal = models.BooleanField(
        _("staff only"), default=False, help_text=_("Not shown to the customer in the portal.")
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class TimelineEntry(models.Model):
    """One thing that happened to a complaint. Append-only."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        MESSAGE_SENT = "message_sent", _("Message sent")
        MESSAGE_FAILED = "message_failed", _("Message not delivered")
        ASSIGNED = "assigned", _("Owner changed")
        STAGE_CHANGED = "stage_changed", _("Stage changed")
        CLOCK = "clock", _("Service clock")
        DECISION = "decision", _("Decision")
        PRIORITY = "priority", _("Priority changed")
        NOTE = "note", _("Note")
        CLASSIFIED = "classified", _("Classification changed")
        MERGED = "merged", _("Merged")
        LINKED = "linked", _("Linked")
        CHECKLIST = "checklist", _("Checklist")
        QUESTION = "question", _("Question to the customer")
        ACTION = "action", _("Resolution action")
        OPINION_REQUESTED = "opinion_requested", _("Opinion requested")
        OPINION_GIVEN = "opinion_given", _("Opinion given")
        ATTRIBUTES = "attributes", _("Details changed")
        # DL-1 … DL-3: warnings, breaches, a legal term extended, an answer delivered.
        DEADLINE = "deadline", _("Deadline")
        DEEMED_ACCEPTED = "deemed_accepted", _("Deemed accepted")
        # IN-4, CO-1 … CO-5: mail in, notifications out, SMS, the survey.
        MESSAGE_RECEIVED = "message_received", _("Message received")
        SMS_SENT = "sms_sent", _("Text message sent")
        SURVEY_ANSWERED = "survey_answered", _("Satisfaction survey answered")
        # DO-1: a document made (data: document_id, version, filename) or one that failed.
        DOCUMENT = "document", _("Document")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Public entries are what the customer will see; everything else is staff-only.
    is_public = models.BooleanField(default=False)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.complaint_id} {self.kind}"

    @property
    def priority_label(self):
        priority = self.data.get("priority")
        return Priority(priority).label if priority in Priority.values else priority

    @property
    def classification_changes(self):
        """A CLASSIFIED entry's changes as (what, before, after) in the reader's language."""
        labels = {
            "customer_type": (_("Customer type"), dict(CustomerType.choices)),
            "type": (_("Type"), dict(ComplaintType.choices)),
            "complexity": (_("Complexity"), dict(Complexity.choices)),
            "category": (_("Category"), {}),
        }
        changes = []
        for field, (label, choices) in labels.items():
            if field in self.data:
                before, after = self.data[field]
                changes.append(
                    (label, choices.get(before, before) or "—", choices.get(after, after) or "—")
                )
        return changes

    @property
    def channel_label(self):
        channel = self.data.get("channel", "")
        return Channel(channel).label if channel in Channel.values else channel
