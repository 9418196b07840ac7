from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpoConfig(AppConfig):
    name = "ppo"
    verbose_name = _("Первичные организации")

    def ready(self):
        from portal.access import register_landing_page
        from portal.metrics import registry

        from .permissions import is_officer
        from .selectors import organizations_active

        # The PPOs that count in a period: the population of every metric.
        registry.set_population(organizations_active)
        register_landing_page(is_officer, "ppo:cabinet")
