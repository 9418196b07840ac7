from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Отчёты и рейтинг")

    def ready(self):
        from portal import outputs

        from .selectors import stale_outputs

        outputs.register("reports", stale_outputs)
        from portal.corrections import register_period_closer

        from .selectors import accepted_month_reason

        # An accepted report closes its month's figures to the officer (ppo's services ask).
        register_period_closer(accepted_month_reason)
