from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpoConfig(AppConfig):
    name = "ppo"
    verbose_name = _("Первичные организации")
