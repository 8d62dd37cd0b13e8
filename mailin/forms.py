from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from complaints.models import Category
from mailin.models import Mailbox


class MailboxForm(forms.ModelForm):
    """A mailbox to read. Left empty when editing, the password stays as it was."""

    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(render_value=False), required=False
    )
    default_language = forms.ChoiceField(label=_("Language of new complaints"), choices=())

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "host",
            "port",
            "security",
            "username",
            "password",
            "folder",
            "poll_interval",
            "default_category",
            "default_language",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["default_language"].choices = settings.LANGUAGES
        self.fields["default_category"].queryset = Category.objects.filter(is_active=True)

    def clean_poll_interval(self):
        interval = self.cleaned_data["poll_interval"]
        if interval < 30:
            raise forms.ValidationError(_("Poll no more often than every 30 seconds."))
        return interval

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not password:
            if self.instance.pk:
                return self.instance.password
            raise forms.ValidationError(_("Give the mailbox's password."))
        return password
