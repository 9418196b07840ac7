from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import import_string, module_has_submodule
from django.utils.translation import gettext_lazy as _


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"


def collect_beat_schedule() -> dict:
    """The beat schedule kept in code (each app's ``schedule.BEAT_SCHEDULE``) with the entries
    of ``settings.CELERY_BEAT_SCHEDULE`` replacing those of the same name."""
    schedule = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "schedule"):
            schedule.update(import_string(f"{config.name}.schedule.BEAT_SCHEDULE"))
    schedule.update(settings.CELERY_BEAT_SCHEDULE)
    return schedule


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Учётные записи")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from . import roles
        from .celery import app as celery_app

        # Each app registers its metrics in its own metrics.py.
        autodiscover_modules("metrics")
        # ... what is due for a PPO in its due.py, and its notification kinds there too.
        autodiscover_modules("due")
        # ... and the public pages of sitemap.xml in its sitemaps.py.
        autodiscover_modules("sitemaps")
        celery_app.conf.beat_schedule = collect_beat_schedule()
        # After every app: permissions of later apps exist only once their own signal ran.
        post_migrate.connect(roles.sync_role_groups)
        self._connect_page_cache()

    def _connect_page_cache(self) -> None:
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import Organization, User
        from .pagecache import SITE, bump_on_change
        from .roles import ROLES

        # The organization's record is on every page (names, contacts, logo).
        receiver = bump_on_change(SITE)
        post_save.connect(receiver, sender=Organization, weak=False, dispatch_uid="pagecache-org")
        post_delete.connect(receiver, sender=Organization, weak=False, dispatch_uid="pagecache-od")
        # Who has which role (kept for the navigation and the permission checks).
        receiver = bump_on_change(ROLES)
        post_save.connect(receiver, sender=Group, weak=False, dispatch_uid="pagecache-group")
        post_delete.connect(receiver, sender=Group, weak=False, dispatch_uid="pagecache-group-d")
        m2m_changed.connect(
            _memberships_changed, sender=User.groups.through, dispatch_uid="pagecache-roles"
        )
        # Any row of an app with metrics (a count, a report, a record, a line of the programme):
        # the figures computed from metrics and kept in the cache go stale.
        post_save.connect(_metric_data_changed, weak=False, dispatch_uid="pagecache-metrics")
        post_delete.connect(_metric_data_changed, weak=False, dispatch_uid="pagecache-metrics-d")


def _memberships_changed(sender, action, **kwargs) -> None:
    from .pagecache import bump
    from .roles import ROLES

    if action in ("post_add", "post_remove", "post_clear"):
        bump(ROLES)


def _metric_data_changed(sender, **kwargs) -> None:
    from .metrics import registry
    from .pagecache import METRICS, bump

    if kwargs.get("raw") or sender._meta.app_label not in _metric_apps(registry):
        return
    bump(METRICS)


_metric_app_labels: dict[int, frozenset[str]] = {}


def _metric_apps(registry) -> frozenset[str]:
    # Asked on every save: the labels are worked out once the registry is complete (its size
    # changes only while the apps register their metrics at start-up).
    size = len(registry)
    if size not in _metric_app_labels:
        _metric_app_labels.clear()
        _metric_app_labels[size] = registry.app_labels()
    return _metric_app_labels[size]
