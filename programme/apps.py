from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Программа")

    def ready(self):
        from portal import pagecache

        from .services import dashboard_warm_schedule

        # The figures go stale with any row behind a metric: a worker computes them anew.
        pagecache.register_warmer(pagecache.METRICS, dashboard_warm_schedule)
