from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReklamoConfig(AppConfig):
    name = "reklamo"
    verbose_name = _("Reklamo")
