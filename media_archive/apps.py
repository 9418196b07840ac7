from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaArchiveConfig(AppConfig):
    name = "media_archive"
    verbose_name = _("Фото- и видеоархив")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from portal.pagecache import bump_on_change

        from .models import Album, MediaItem

        # An album or an item created, changed, moved or removed: the archive's pages go stale.
        receiver = bump_on_change("archive")
        for model in (Album, MediaItem):
            uid = f"pagecache-{model._meta.label}"
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        for field in Album._meta.many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"pagecache-{field}",
            )
