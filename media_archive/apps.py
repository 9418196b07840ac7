from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaArchiveConfig(AppConfig):
    name = "media_archive"
    verbose_name = _("Фото- и видеоархив")
