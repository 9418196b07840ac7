"""The private file storage (``STORAGES["private"]``): documents and other files that are
never served from MEDIA_URL, only through permission-checked views.

Model fields take ``storage=private_storage`` (a callable, so migrations name it); the field
then holds a lazy proxy resolved at first use, so a change of settings (tests) is seen."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    return _private


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_ROOT"):
        _private._wrapped = empty
