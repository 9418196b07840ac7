from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Публикации")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from portal.pagecache import bump_on_change, register_clock

        from . import digest  # noqa: F401  (registers the news section of the monthly digest)
        from .models import Publication, PublicationPhoto
        from .selectors import next_scheduled_moment

        # Publish, edit, unpublish, a photo added or removed: the cached news pages go stale.
        receiver = bump_on_change("news")
        for model in (Publication, PublicationPhoto):
            uid = f"pagecache-{model._meta.label}"
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        # A news approved «at a date» is public from its moment on, before beat publishes it.
        register_clock("news", next_scheduled_moment)
