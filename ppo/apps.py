from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpoConfig(AppConfig):
    name = "ppo"
    verbose_name = _("Первичные организации")

    def ready(self):
        from portal.access import register_landing_page
        from portal.metrics import registry
        from portal.notifications import OFFICER, register_audience

        from .permissions import is_officer
        from .selectors import organizations_active

        # The PPOs that count in a period: the population of every metric.
        registry.set_population(organizations_active)
        register_landing_page(is_officer, "ppo:cabinet")
        register_audience(OFFICER, is_officer)
        _connect_page_cache()


def _connect_page_cache() -> None:
    """Cached public pages that show PPOs (names, channels, totals) go stale on any change of
    them; the ЧРО's channels are in every page's footer (the site group); who is the officer of
    which PPO (kept for every page's navigation) on a change of a PPO or an appointment."""
    from django.db.models.signals import post_delete, post_save

    from portal.pagecache import SITE, bump_on_change

    from . import models
    from .selectors import OFFICERS

    for model, groups in (
        (models.PrimaryOrganization, ("ppo", OFFICERS)),
        (models.OfficerAppointment, ("ppo", OFFICERS)),
        (models.MembershipSnapshot, ("ppo",)),
        (models.Channel, ("ppo", SITE)),
        (models.SubscriberCount, ("ppo",)),
    ):
        receiver = bump_on_change(*groups)
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"pagecache-{model}")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"pagecache-d-{model}")
