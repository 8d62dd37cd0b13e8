"""Forms of the attachments card on the complaint page (DO-3)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import AttachmentRole
from intake.forms import MultipleFileField, MultipleFileInput
from reklamo.forms import Form

ACCEPT = "image/*,.heic,.pdf,application/pdf"


class AttachmentDetailsForm(Form):
    role = forms.ChoiceField(
        label=_("Shows"),
        choices=AttachmentRole.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose what the file shows from the list.")},
    )
    is_internal = forms.BooleanField(
        label=_("Staff only"),
        required=False,
        help_text=_("Not shown to the customer in the portal."),
    )


class AttachmentUploadForm(AttachmentDetailsForm):
    files = MultipleFileField(
        label=_("Files"),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        help_text=_("Photos (JPEG, PNG, WebP, HEIC) or PDF documents."),
        error_messages={"required": _("Choose at least one file.")},
    )

    field_order = ["files", "role", "is_internal"]
