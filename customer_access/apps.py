from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomerAccessConfig(AppConfig):
    name = "customer_access"
    verbose_name = _("Customer access")
