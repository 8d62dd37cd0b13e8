from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import TEAM_ROLES, Role
from accounts.roles import can_assign
from complaints.models import (
    Category,
    Channel,
    ComplaintType,
    Complexity,
    Customer,
    CustomerType,
    Priority,
    Tag,
)
from desk.columns import CHOOSABLE, COLUMNS
from desk.saved_filters import NAME_MAX_LENGTH as SAVED_FILTER_NAME_MAX_LENGTH
from intake.forms import ComplaintFields, ContactFields
from reklamo.forms import Form
from workflow.models import ChecklistItem, Decision, Process, Stage
from workflow.transitions import requirable_field_choices

STAFF_CHANNELS = [
    (Channel.PHONE, Channel.PHONE.label),
    (Channel.WALK_IN, Channel.WALK_IN.label),
    (Channel.EMAIL, Channel.EMAIL.label),
    (Channel.LETTER, Channel.LETTER.label),
]

SORT_COLUMNS = [
    ("received", _("Received")),
    ("reference", _("Reference")),
    ("customer", _("Customer")),
    ("stage", _("Stage")),
    ("priority", _("Priority")),
    ("owner", _("Owner")),
    ("category", _("Category")),
    ("type", _("Type")),
    ("due", _("Due")),
]


def sort_choices():
    choices = [
        ("-received", _("Newest first")),
        ("received", _("Oldest first")),
        ("due", _("Due soonest")),
        ("-due", _("Due latest")),
    ]
    for key, label in SORT_COLUMNS[1:-1]:  # received and due have their own wording above
        choices.append((key, format_lazy("{} ↑", label)))
        choices.append((f"-{key}", format_lazy("{} ↓", label)))
    return choices


def staff_members():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


def team_members():
    """Who may own a complaint: specialists answer questions but never own one (WF-6)."""
    return staff_members().filter(role__in=TEAM_ROLES)


class BoardFilterForm(Form):
    """The board's filters (and the list's, which has more); every field optional, a bad
    value drops only its own filter."""

    owner = forms.ChoiceField(label=_("Owner"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    mine = forms.BooleanField(label=_("Only mine"), required=False)
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("Newest first")), ("due", _("Due soonest"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            ("", _("Anyone")),
            ("none", _("Nobody (shared queue)")),
            *[(str(user.pk), str(user)) for user in staff_members()],
        ]
        self.fields["category"].choices = [
            ("", _("All categories")),
            ("none", _("No category")),
            *[(str(category.pk), category.name) for category in Category.objects.all()],
        ]
        self.fields["tag"].choices = [
            ("", _("All tags")),
            *[(str(tag.pk), tag.name) for tag in Tag.objects.all()],
        ]

    def filters(self):
        """Keyword arguments for complaints.queries.filtered_complaints()."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "owner": data.get("owner", ""),
            "category": data.get("category", ""),
            "tag": data.get("tag", ""),
            "only_mine": data.get("mine", False),
        }

    def card_order(self):
        """The board's card order: newest first unless "due soonest" was chosen."""
        self.is_valid()
        return self.cleaned_data.get("order") or "newest"


class ComplaintFilterForm(BoardFilterForm):
    """The desk list's filters."""

    # The list sorts by any column instead (its `sort`, "due" among them).
    order = None

    stage = forms.ChoiceField(label=_("Stage"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    merged = forms.BooleanField(label=_("Show merged duplicates"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=sort_choices)

    field_order = ["stage", "owner", "channel", "category", "tag", "mine", "merged", "sort"]

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            ("", _("All stages")),
            *[(stage.key, stage.label) for stage in stages],
        ]

    def filters(self):
        """Keyword arguments for desk_complaints()."""
        filters = super().filters()
        data = self.cleaned_data
        return {
            **filters,
            "stage": data.get("stage", ""),
            "channel": data.get("channel", ""),
            "include_merged": data.get("merged", False),
            "sort": data.get("sort") or "-received",
        }

    def query_string(self):
        """The filters as a normalised query string: only known fields with valid values
        that filter something, in the form's order; the default sort is left out."""
        self.is_valid()
        data = self.cleaned_data
        pairs = []
        for name in self.fields:
            value = data.get(name)
            if name == "mine":
                value = "on" if value else ""
            elif name == "sort" and value == "-received":
                value = ""
            if value:
                pairs.append((name, value))
        return urlencode(pairs)


class ColumnChoiceForm(Form):
    """WF-10: the columns a member of staff wants in the complaint list."""

    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        required=False,
        choices=[(key, COLUMNS[key].label) for key in CHOOSABLE],
        widget=forms.CheckboxSelectMultiple,
    )


class SavedFilterForm(Form):
    """A name for the list's current filters (the rules live in desk.saved_filters)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=SAVED_FILTER_NAME_MAX_LENGTH,
        error_messages={"required": _("Give the filter a name.")},
    )


class BulkActionForm(Form):
    """WF-10: one action for the complaints ticked in the list. The ticked ids come as
    `complaint` values and the stage each row showed as `seen_<id>` (outside the prefix)."""

    action = forms.ChoiceField(label=_("With the selected complaints"))
    stage = forms.ChoiceField(label=_("Move to"), required=False)
    reason = forms.CharField(
        label=_("Reason (for moves that need one)"), required=False, max_length=1000
    )
    owner = forms.ChoiceField(label=_("Assign to"), required=False)
    tags = forms.CharField(
        label=_("Tags to add"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas."),
    )

    def __init__(self, *args, user, stages, **kwargs):
        kwargs.setdefault("prefix", "bulk")
        super().__init__(*args, **kwargs)
        self.may_assign = can_assign(user)
        actions = [
            ("move", _("Move to a stage")),
            ("take", _("Take them")),
            ("tag", _("Add tags")),
        ]
        if self.may_assign:
            actions.insert(1, ("assign", _("Assign them")))
            self.fields["owner"].choices = [
                ("", _("Choose…")),
                ("none", _("Nobody (shared queue)")),
                *[(str(member.pk), str(member)) for member in team_members()],
            ]
        else:
            del self.fields["owner"]
        self.fields["action"].choices = actions
        self.fields["stage"].choices = [
            ("", _("Choose…")),
            *[(stage.key, stage.label) for stage in stages],
        ]

    def clean(self):
        data = super().clean()
        required = {
            "move": ("stage", _("Choose the stage to move them to.")),
            "assign": ("owner", _("Choose who gets them.")),
            "tag": ("tags", _("Give at least one tag to add.")),
        }
        field, message = required.get(data.get("action"), (None, None))
        if field and not data.get(field):
            self.add_error(field, message)
        ids = self.data.getlist("complaint") if hasattr(self.data, "getlist") else []
        if not ids:
            raise ValidationError(_("Tick at least one complaint first."))
        if not all(value.isdigit() for value in ids):
            raise ValidationError(_("The selection is not valid; reload the page and try again."))
        data["complaints"] = [int(value) for value in ids]
        data["seen_stages"] = {pk: self.data.get(f"seen_{pk}") or None for pk in data["complaints"]}
        return data

    def owner_choice(self):
        """The chosen owner: a User, or None for the shared queue."""
        value = self.cleaned_data["owner"]
        return None if value == "none" else team_members().get(pk=int(value))


class StaffComplaintForm(ContactFields, ComplaintFields):
    """IN-3: staff register a complaint for a customer who phoned, wrote or walked in."""

    asks_customer = False
    attribute_fields_url = "desk:attribute_fields"

    customer = forms.ModelChoiceField(
        queryset=Customer.objects.all(), required=False, widget=forms.HiddenInput
    )
    channel = forms.ChoiceField(label=_("Received via"), choices=STAFF_CHANNELS)
    language = forms.ChoiceField(label=_("Customer's language"), choices=settings.LANGUAGES)
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    consent = forms.BooleanField(
        label=_("The customer agreed that their data is processed to handle this complaint."),
        error_messages={"required": _("Ask the customer for consent before registering.")},
    )
    # DL-4: routing decides unless whoever took the call keeps the case.
    keep = forms.BooleanField(
        label=_("I will handle it myself (no automatic routing)"), required=False
    )

    field_order = [
        "customer",
        "name",
        "email",
        "phone",
        "customer_type",
        "channel",
        "language",
        "category",
        "product",
        "order_number",
        "purchase_date",
        "description",
        "requested_remedy",
        "priority",
        "attachments",
        "keep",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Customer's name")
        self.fields["customer_type"].label = _("The customer complains as")
        # Staff may not know: an existing customer then keeps what is on record.
        self.fields["customer_type"].choices = [
            ("", _("As on record (a consumer when new)")),
            *CustomerType.choices[1:],
        ]
        self.fields["customer_type"].initial = ""
        self.fields["requested_remedy"].label = _("What does the customer want?")
        if "category" in self.fields:
            self.fields["category"].label = _("Category")
            self.fields["category"].empty_label = _("None")


class ClassificationForm(Form):
    """WF-8: what staff classify a complaint by. The rules live in complaints.classification
    and workflow.categories."""

    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("No category"),
    )
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Not set")), *ComplaintType.choices]
    )
    complexity = forms.TypedChoiceField(
        label=_("Complexity"), choices=Complexity.choices, coerce=int
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas, e.g. urgent, courier damage."),
    )

    def __init__(self, *args, complaint, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "priority": complaint.priority,
                "category": complaint.category_id,
                "type": complaint.type,
                "complexity": complaint.complexity,
                "tags": ", ".join(tag.name for tag in complaint.tags.all()),
            },
        )
        super().__init__(*args, **kwargs)
        # A category no longer offered still shows on the complaints that have it.
        self.fields["category"].queryset = Category.objects.filter(
            Q(is_active=True) | Q(pk=complaint.category_id)
        )
        self.fields["tags"].widget.attrs["list"] = "known-tags"


class CategoryForm(forms.ModelForm):
    process = forms.ModelChoiceField(
        label=_("Process"),
        queryset=Process.objects.all(),
        empty_label=None,
        help_text=_("The stages its complaints go through."),
    )

    class Meta:
        model = Category
        fields = ["name", "description", "position", "is_active"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["is_active"]
            del self.fields["position"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Category.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Another category is called “%(name)s”.") % {"name": name}
            )
        return name


class NewProcessForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    copy_of = forms.ModelChoiceField(
        label=_("Start from a copy of"), queryset=Process.objects.all(), empty_label=None
    )


class AssignForm(Form):
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        # Specialists answer questions; they never own a complaint.
        queryset=team_members(),
        required=False,
        empty_label=_("Nobody (shared queue)"),
    )


class DecisionForm(Form):
    """WF-3: what staff decide. The rules live in workflow.decisions.validate_decision."""

    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The customer reads this in the decision and on their timeline."),
    )
    remedy = forms.ChoiceField(
        label=_("Remedy"),
        required=False,
        choices=[("", _("None (rejected)")), *Decision.Remedy.choices],
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("Of a refund or price reduction: the remedy above, or one offered below."),
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, initial="PLN")
    compensation = forms.DecimalField(
        label=_("Compensation value"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    settles_all_claims = forms.BooleanField(
        label=_("This settles all claims (marked for legal review)"), required=False
    )
    # PO-1: checked in workflow.decisions.validate_offered_remedies.
    offered_remedies = forms.MultipleChoiceField(
        label=_("Let the customer choose between"),
        required=False,
        choices=Decision.Remedy.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Optional: tick two or more, including the remedy above; the customer picks one "
            "on their tracking page."
        ),
        error_messages={"invalid_choice": _("Offer only remedies from the list.")},
    )


class StageFields(Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    customer_text = forms.CharField(
        label=_("What the customer is told"),
        max_length=300,
        required=False,
        help_text=_("Shown on the tracking page while the complaint is in this stage."),
    )
    is_final = forms.BooleanField(
        label=_("Final stage (the complaint is finished)"), required=False
    )
    notify_customer = forms.BooleanField(label=_("Tell the customer on entering"), required=False)
    clock = forms.ChoiceField(
        label=_("Service clock on entering"), required=False, choices=Stage.Clock.choices
    )
    waits_for = forms.ChoiceField(
        label=_("While here, we wait for"),
        required=False,
        choices=Stage.WaitsFor.choices,
        help_text=_("“Ask the customer” moves a complaint to the stage that waits for them."),
    )


class AddStageForm(StageFields):
    key = forms.SlugField(
        label=_("Key"),
        max_length=50,
        required=False,
        help_text=_("Made from the name when left empty."),
    )
    after = forms.ModelChoiceField(
        label=_("Place after"), queryset=Stage.objects.none(), required=False
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Reached from"),
        queryset=Stage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = forms.ModelMultipleChoiceField(
        label=_("Leads to"),
        queryset=Stage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "name",
        "key",
        "after",
        "sources",
        "targets",
        "customer_text",
        "is_final",
        "notify_customer",
        "clock",
        "waits_for",
    ]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("after", "sources", "targets"):
            self.fields[name].queryset = process.stages.all()


class EditStageForm(StageFields):
    def __init__(self, *args, instance_stage, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": instance_stage.name,
                "customer_text": instance_stage.customer_text,
                "is_final": instance_stage.is_final,
                "notify_customer": instance_stage.notify_customer,
                "clock": instance_stage.clock,
                "waits_for": instance_stage.waits_for,
            },
        )
        super().__init__(*args, **kwargs)


class TransitionRulesForm(Form):
    allowed_roles = forms.MultipleChoiceField(
        label=_("Who may take it"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the complaint team (administrators, managers, agents)."),
    )
    requires_reason = forms.BooleanField(label=_("A reason must be given"), required=False)
    requires_checklist = forms.BooleanField(
        label=_("The verification checklist must be complete"), required=False
    )
    requires_actions_done = forms.BooleanField(
        label=_("Every resolution action must be done"), required=False
    )
    required_fields = forms.MultipleChoiceField(
        label=_("Fields that must be filled"),
        choices=requirable_field_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class EditTransitionForm(TransitionRulesForm):
    def __init__(self, *args, transition, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "allowed_roles": transition.allowed_roles,
                "requires_reason": transition.requires_reason,
                "requires_checklist": transition.requires_checklist,
                "requires_actions_done": transition.requires_actions_done,
                "required_fields": transition.required_fields,
            },
        )
        super().__init__(*args, **kwargs)


class AddTransitionForm(TransitionRulesForm):
    source = forms.ModelChoiceField(label=_("From"), queryset=Stage.objects.none())
    target = forms.ModelChoiceField(label=_("To"), queryset=Stage.objects.none())

    field_order = [
        "source",
        "target",
        "allowed_roles",
        "requires_reason",
        "requires_checklist",
        "requires_actions_done",
        "required_fields",
    ]

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = process.stages.all()
        self.fields["target"].queryset = process.stages.all()


class ChecklistItemForm(Form):
    """WF-2: one point of the verification checklist. The rules are in
    workflow.configuration.save_checklist_item."""

    text = forms.CharField(label=_("What to check"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ChecklistItem.Kind.choices, widget=forms.RadioSelect
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("Every category"),
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        required=False,
        help_text=_("Lower numbers come first. Empty: at the end."),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    @classmethod
    def for_item(cls, item, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "text": item.text,
                "kind": item.kind,
                "category": item.category_id,
                "position": item.position,
                "is_active": item.is_active,
            },
        )
        return cls(*args, **kwargs)
