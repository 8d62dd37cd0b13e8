"""How the company presents itself to customers: the portal, e-mails and documents (PO-3)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits, e.g. #1d4ed8.")
)


class Branding(models.Model):
    """One row (pk 1). Unsaved defaults stand in until an admin saves the branding page."""

    company_name = models.CharField(_("company name"), max_length=200, default="Reklamo")
    logo = models.FileField(
        _("logo"),
        upload_to="branding/",
        max_length=200,
        blank=True,
        help_text=_("PNG or JPEG, shown on the portal and on the letterhead of documents."),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#1d4ed8", validators=[colour]
    )
    portal_enabled = models.BooleanField(
        _("customer portal on"),
        default=True,
        help_text=_("Off: tracking links and the customer sign-in show that the portal is closed."),
    )
    portal_intro = models.TextField(
        _("portal welcome text"),
        blank=True,
        help_text=_("Shown above the customer's sign-in and lookup forms."),
    )
    footer_text = models.TextField(_("footer text"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("branding")

    def __str__(self):
        return self.company_name

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls()
