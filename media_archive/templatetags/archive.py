from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.filter
def storage_url(name: str) -> str:
    """The public address of a stored file by its name (works for any storage backend)."""
    return default_storage.url(name) if name else ""
