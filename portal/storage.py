"""The private file storage (``STORAGES["private"]``): documents and other files that are
never served from MEDIA_URL, only through permission-checked views.

Model fields take ``storage=private_storage`` (a callable, so migrations name it); the field
then holds a lazy proxy resolved at first use, so a change of settings (tests) is seen.

``SplitStorage``: a field whose files are private for a while and public later (the photos of
a news: private until the news is published)."""

from django.core.files.storage import Storage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.deconstruct import deconstructible
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


PRIVATE_PREFIX = "private/"


@deconstructible
class SplitStorage(Storage):
    """One field's files in two places by name: ``private/<name>`` is ``<name>`` in the private
    storage, any other name is in the default (public) storage. A file changes sides by being
    copied under the other name (see ``portal.uploads.store_moved``).

    A private name's ``url()`` is the permission-checked view ``private_url_name`` (taking the
    name without the prefix as ``name``), so ``photo.web.url`` in a template works for whoever
    may see the file and never points under MEDIA_URL."""

    def __init__(self, *, private_url_name: str):
        self.private_url_name = private_url_name

    def __eq__(self, other):
        return isinstance(other, SplitStorage) and other.private_url_name == self.private_url_name

    @staticmethod
    def is_private(name: str) -> bool:
        return str(name).startswith(PRIVATE_PREFIX)

    @staticmethod
    def private_name(name: str) -> str:
        return name if SplitStorage.is_private(name) else PRIVATE_PREFIX + name

    @staticmethod
    def public_name(name: str) -> str:
        return str(name).removeprefix(PRIVATE_PREFIX)

    def route(self, name: str) -> tuple[Storage, str, str]:
        """(the storage holding the name, its name there, the prefix to put back)."""
        name = str(name).replace("\\", "/")
        if self.is_private(name):
            return private_storage(), self.public_name(name), PRIVATE_PREFIX
        return default_storage, name, ""

    def _on_its_side(self, method: str, name, *args):
        storage, inner, _prefix = self.route(name)
        return getattr(storage, method)(inner, *args)

    def _open(self, name, mode="rb"):
        return self._on_its_side("open", name, mode)

    def _save(self, name, content):
        storage, inner, prefix = self.route(name)
        return prefix + storage._save(inner, content)

    def get_available_name(self, name, max_length=None):
        storage, inner, prefix = self.route(name)
        limit = max_length - len(prefix) if max_length else None
        return prefix + storage.get_available_name(inner, max_length=limit)

    def delete(self, name):
        self._on_its_side("delete", name)

    def exists(self, name):
        return self._on_its_side("exists", name)

    def size(self, name):
        return self._on_its_side("size", name)

    def path(self, name):
        return self._on_its_side("path", name)

    def listdir(self, path):
        return self._on_its_side("listdir", path)

    def url(self, name):
        if self.is_private(name):
            return reverse(self.private_url_name, kwargs={"name": self.public_name(name)})
        return default_storage.url(name)

    def get_accessed_time(self, name):
        return self._on_its_side("get_accessed_time", name)

    def get_created_time(self, name):
        return self._on_its_side("get_created_time", name)

    def get_modified_time(self, name):
        return self._on_its_side("get_modified_time", name)
