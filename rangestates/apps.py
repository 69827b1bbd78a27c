from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RangeStatesConfig(AppConfig):
    name = "rangestates"
    verbose_name = _("Range states and landscapes")
