from django import forms
from django.utils.translation import gettext_lazy as _


class LookupForm(forms.Form):
    """PO-1. Deliberately loose: a malformed reference is a miss like any other, so its
    format is never checked where the answer could show it."""

    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("As in our e-mail, e.g. RK-2026-000123."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "maxlength": 40, "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the reference of your complaint.")},
    )
    contact = forms.CharField(
        label=_("E-mail or phone"),
        help_text=_("The one you gave when you complained."),
        widget=forms.TextInput(attrs={"autocomplete": "email", "maxlength": 200}),
        error_messages={"required": _("Enter the e-mail address or phone number you gave us.")},
    )

    def clean_reference(self):
        return self.cleaned_data["reference"][:100]

    def clean_contact(self):
        return self.cleaned_data["contact"][:200]


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the e-mail address you gave us."),
            "invalid": _("Enter a valid e-mail address, e.g. name@example.com."),
        },
    )
