"""Forms of the "Write to the customer" page (CO-3) and the canned responses settings."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from intake.forms import MultipleFileField, MultipleFileInput
from messaging.models import CannedResponse
from messaging.placeholders import PLACEHOLDERS
from messaging.sending import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from reklamo.forms import Form


class MessageForm(Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH, required=False)
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Write the message first.")},
    )
    attachments = MultipleFileField(
        label=_("Attach files"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,.heic,.pdf,application/pdf"}),
        help_text=_("Photos (JPEG, PNG, WebP, HEIC) or PDF documents."),
    )


def placeholder_help():
    return ", ".join(f"{{{name}}} — {label}" for name, label in PLACEHOLDERS.items())


class CannedResponseForm(forms.ModelForm):
    """The model's clean() refuses unknown placeholders, so the admin site checks them too."""

    language = forms.ChoiceField(label=_("Language"), choices=())

    class Meta:
        model = CannedResponse
        fields = ["title", "language", "category", "subject", "body", "active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        languages = dict(settings.LANGUAGES)
        # The shipped Russian and Greek texts stay editable before the site speaks them.
        for code, name in (("ru", _("Russian")), ("el", _("Greek"))):
            languages.setdefault(code, name)
        self.fields["language"].choices = list(languages.items())
        self.fields["body"].help_text = _("Placeholders: %(list)s.") % {"list": placeholder_help()}
