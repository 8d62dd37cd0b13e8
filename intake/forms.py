import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from complaints.attachments import check_uploads
from complaints.customers import Contact
from complaints.models import Category, CustomerType, Remedy
from customfields.values import applicable_definitions, field_name, form_fields
from intake.registration import DESCRIPTION_MAX_LENGTH
from reklamo.forms import Form


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ComplaintFields(Form):
    """The fields every complaint form shares: what happened and what the customer wants,
    and the custom fields of the chosen category (IN-7)."""

    # Whether the custom fields asked are the customer's (the public form) or all (staff).
    asks_customer = True
    # The view that renders the custom fields of another category (htmx, on change).
    attribute_fields_url = "intake:attribute_fields"

    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("Something else"),
    )
    product = forms.CharField(
        label=_("Product"),
        max_length=200,
        required=False,
        help_text=_("The product or service the complaint is about."),
    )
    order_number = forms.CharField(
        label=_("Order or receipt number"), max_length=100, required=False
    )
    purchase_date = forms.DateField(
        label=_("Purchase date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Describe the problem: what is wrong, since when, what you have tried."),
    )
    requested_remedy = forms.ChoiceField(
        label=_("What would you like us to do?"),
        choices=Remedy.choices,
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(
        label=_("Photos and documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,.heic,.pdf,application/pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = ngettext(
            "Up to %(count)d photo (JPEG, PNG, WebP, HEIC) or PDF file, %(size)d MB at most.",
            "Up to %(count)d photos (JPEG, PNG, WebP, HEIC) or PDF files, %(size)d MB each.",
            settings.ATTACHMENT_MAX_FILES,
        ) % {
            "count": settings.ATTACHMENT_MAX_FILES,
            "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
        }
        self._add_category_fields()

    def _add_category_fields(self):
        category = self.fields["category"]
        categories = list(category.queryset)
        if not categories:
            # A fresh install has no categories: the form looks as it always did.
            del self.fields["category"]
        else:
            category.widget.attrs.update(
                {
                    "hx-get": reverse(self.attribute_fields_url),
                    "hx-trigger": "change",
                    "hx-target": "#attribute-fields",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name='lang'], [name='embed'], #attribute-fields",
                }
            )
        chosen = self.data.get(self.add_prefix("category")) if self.is_bound else None
        if chosen is None:
            chosen = self.initial.get("category")
        chosen = getattr(chosen, "pk", chosen)
        category_id = next((c.pk for c in categories if str(c.pk) == str(chosen)), None)
        self.attribute_definitions = applicable_definitions(
            category_id, for_customer=self.asks_customer
        )
        self.fields.update(form_fields(self.attribute_definitions))
        if not self.asks_customer:
            for definition in self.attribute_definitions:
                if not definition.visible_to_customer:
                    field = self.fields[field_name(definition)]
                    field.help_text = " ".join(
                        filter(None, [str(_("Staff only.")), definition.help_text])
                    )

    @classmethod
    def refreshed(cls, request, **kwargs):
        """The form again, unbound, with what was typed as its initial values: a category
        changed without JavaScript shows its questions without complaining about them."""
        initial = {key: request.POST.get(key) for key in request.POST if key != "show_fields"}
        initial["category"] = request.POST.get("category") or None
        return cls(initial=initial, **kwargs)

    @property
    def attribute_fields(self):
        return [self[field_name(definition)] for definition in self.attribute_definitions]

    def registration_fields(self):
        """The cleaned fields as register_complaint() takes them (forms that combine these
        fields with ContactFields and a consent checkbox)."""
        data = self.cleaned_data
        return {
            "contact": Contact(name=data["name"], email=data["email"], phone=data["phone"]),
            "product": data["product"],
            "order_number": data["order_number"],
            "purchase_date": data["purchase_date"],
            "description": data["description"],
            "requested_remedy": data["requested_remedy"],
            "uploads": data["attachments"],
            "consent_given": data["consent"],
            "category": data.get("category"),
            "attributes": {
                definition.key: data.get(field_name(definition))
                for definition in self.attribute_definitions
            },
            # Empty when a client posted none: the stored type, or a consumer, stays.
            "customer_type": data.get("customer_type") or None,
        }

    def clean_purchase_date(self):
        date = self.cleaned_data["purchase_date"]
        if date and date > timezone.localdate():
            raise ValidationError(_("The purchase date cannot be in the future."))
        return date

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        check_uploads(uploads)
        return uploads


class ContactFields(Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    # DL-2: consumers have statutory answer terms that businesses do not.
    customer_type = forms.ChoiceField(
        label=_("You are complaining as"),
        choices=[
            (CustomerType.CONSUMER, _("a consumer (you bought it for yourself)")),
            (CustomerType.BUSINESS, _("a business")),
        ],
        initial=CustomerType.CONSUMER,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Consumers have statutory rights, such as an answer within a term the law sets."
        ),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = sum(character.isdigit() for character in phone)
        if phone and (digits < 6 or not all(c.isdigit() or c in "+ -()/." for c in phone)):
            raise ValidationError(_("Enter a valid phone number, e.g. +48 601 234 567."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not self.has_error("email")
            and not self.has_error("phone")
        ):
            self.add_error("email", _("Give an e-mail address or a phone number so we can reply."))
        return cleaned


class PublicComplaintForm(ContactFields, ComplaintFields):
    """IN-1: what a customer fills in on the public form, without an account."""

    consent = forms.BooleanField(
        label=_("I agree that my personal data is processed to handle this complaint."),
        error_messages={"required": _("We need your consent to handle the complaint.")},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    field_order = [
        "name",
        "email",
        "phone",
        "customer_type",
        "category",
        "product",
        "order_number",
        "purchase_date",
        "description",
        "requested_remedy",
        "attachments",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
