from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Публикации")

    def ready(self):
        from . import digest  # noqa: F401  (registers the news section of the monthly digest)
