from django import forms
from django.utils.translation import gettext_lazy as _

from branding.logos import check_logo
from branding.models import Branding


class BrandingForm(forms.ModelForm):
    """PO-3: how the company presents itself on the portal, in e-mails and documents."""

    class Meta:
        model = Branding
        fields = [
            "company_name",
            "logo",
            "accent_colour",
            "portal_enabled",
            "portal_intro",
            "footer_text",
            "contact_email",
            "contact_phone",
            "address",
            "website",
        ]
        widgets = {
            # Plain: the stored file has no public URL of its own (branding:logo serves it).
            "logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
            "portal_intro": forms.Textarea(attrs={"rows": 3}),
            "footer_text": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "accent_colour": _("Buttons and links on the customer pages."),
        }

    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_company_name(self):
        name = " ".join(self.cleaned_data["company_name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the company name customers know you by."))
        return name

    def clean_accent_colour(self):
        return self.cleaned_data["accent_colour"].lower()

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        # A new upload has a content_type; the stored file (or a cleared one) needs no check.
        if logo and hasattr(logo, "content_type"):
            check_logo(logo)
        return logo

    def save(self, commit=True):
        branding = super().save(commit=False)
        if self.cleaned_data.get("remove_logo") and "logo" not in self.files:
            branding.logo = ""
        if commit:
            branding.save()
        return branding
