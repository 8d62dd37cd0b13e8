"""Forms of the legal clock on the complaint page and of the customer card (DL-2). The rules
live in deadlines.answers, deadlines.extensions and complaints.customers; these only parse
what staff typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import CustomerType
from complaints.notes import NOTE_MAX_LENGTH
from deadlines.answers import DeliveryMeans
from reklamo.forms import Form


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AnswerPostedForm(Form):
    sent_on = forms.DateField(
        label=_("Answer sent by post on"),
        widget=DateInput,
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )


class AnswerDeliveredForm(Form):
    delivered_on = forms.DateField(
        label=_("Answer delivered on"),
        widget=DateInput,
        error_messages={"invalid": _("Give the date as YYYY-MM-DD.")},
    )
    means = forms.ChoiceField(
        label=_("Proof"),
        choices=[
            (DeliveryMeans.POST, _("Postal delivery (return receipt, tracking)")),
            (DeliveryMeans.OTHER, _("Other proof (the customer confirmed receipt)")),
        ],
        initial=DeliveryMeans.POST,
    )


class ExtendTermForm(Form):
    reason = forms.CharField(
        label=_("What the customer is told"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why it takes longer, what must still be established, and by when they will have "
            "the answer. The customer gets it by e-mail and on their timeline."
        ),
    )


class CustomerTypeForm(Form):
    customer_type = forms.ChoiceField(label=_("Complains as"), choices=CustomerType.choices[1:])
