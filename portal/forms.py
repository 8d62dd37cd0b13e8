"""The tracking page's forms. They carry the input; portal.replies and portal.answers judge
it, so every door (this page, later the signed-in portal) says the same."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from intake.forms import MultipleFileField, MultipleFileInput
from portal.replies import MESSAGE_MAX_LENGTH
from reklamo.forms import Form
from workflow.models import Decision

ACCEPT_FILES = "image/*,.heic,.pdf,application/pdf"


def files_help():
    return ngettext(
        "Up to %(count)d photo (JPEG, PNG, WebP, HEIC) or PDF file, %(size)d MB each.",
        "Up to %(count)d photos (JPEG, PNG, WebP, HEIC) or PDF files, %(size)d MB each.",
        settings.ATTACHMENT_MAX_FILES,
    ) % {
        "count": settings.ATTACHMENT_MAX_FILES,
        "size": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024),
    }


class FilesMixin:
    def add_files_help(self):
        self.fields["files"].help_text = files_help()


class MessageForm(FilesMixin, Form):
    text = forms.CharField(
        label=_("Your message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
    )
    files = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_FILES}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="message", **kwargs)
        self.add_files_help()


class AcceptForm(Form):
    """Accept the decision, or pick one of the remedies it offers."""

    remedy = forms.ChoiceField(
        label=_("Which remedy do you choose?"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the remedies offered.")},
    )

    def __init__(self, *args, offered=(), decision=None, **kwargs):
        super().__init__(*args, prefix="accept", **kwargs)
        labels = dict(Decision.Remedy.choices)
        self.fields["remedy"].choices = [
            (value, decision.remedy_label(value) if decision else labels[value])
            for value in offered
        ]
        if not offered:
            del self.fields["remedy"]


class ContestForm(FilesMixin, Form):
    reason = forms.CharField(
        label=_("Why do you disagree?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
    )
    files = MultipleFileField(
        label=_("Photos or documents that support it"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT_FILES}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="contest", **kwargs)
        self.add_files_help()
