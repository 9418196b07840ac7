"""The organization's record (``portal.models.Organization``) for templates, e-mails and code.

Read once per request: the request-context middleware opens a per-request cache in a
contextvar, so nothing survives the request (the record may change in the admin at any time
and several processes serve the site). Outside a request (a Celery task) every call reads it.
Other reads that every page repeats (the organization's own channels, in the footer and on a
PPO's page) use the same cache through ``request_cached``."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.utils.functional import lazy

from .models import Organization

_request_cache: ContextVar[dict | None] = ContextVar("portal_organization_cache", default=None)


def open_request_cache():
    """Start a per-request cache; returns the token for ``close_request_cache``."""
    return _request_cache.set({})


def close_request_cache(token) -> None:
    _request_cache.reset(token)


T = TypeVar("T")


def request_cached(name: str, load: Callable[[], T]) -> T:
    """``load()`` once per request under ``name`` (outside a request: every call loads). For
    what every part of a page may ask for and nothing in the request changes; ``name`` is
    prefixed by its app ("ppo:chro_channels")."""
    cache = _request_cache.get()
    if cache is None:
        return load()
    if name not in cache:
        cache[name] = load()
    return cache[name]


def _load() -> Organization:
    organization = Organization.objects.filter(pk=Organization.SINGLETON_PK).first()
    # A database without the row (a test database just flushed): blank names rather than a 500.
    return organization or Organization()


def current_organization() -> Organization:
    """The organization running the portal (one query per request at most)."""
    return request_cached("organization", _load)


def named(text: str) -> str:
    """``text`` with ``{name}`` replaced by the organization's short name, read now (so that a
    message or a label follows the record when it is edited in the admin)."""
    return str(text).replace("{name}", current_organization().abbreviation or "")


def abbreviation() -> str:
    """The organization's short name («ЧРО» in the demo), read now."""
    return current_organization().abbreviation or ""


def short_name() -> str:
    """The organization's short name with «Профсоюза» («ЧРО Профсоюза» in the demo), read now."""
    return current_organization().short_name or ""


# ``named`` for module-level labels (form fields, LABELS dicts): stays lazy, the record is read
# when the label is rendered. Not for model fields: a migration would freeze the rendered text.
named_lazy = lazy(named, str)
