from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Отчёты и рейтинг")

    def ready(self):
        from portal import outputs

        from .selectors import stale_outputs

        outputs.register("reports", stale_outputs)
