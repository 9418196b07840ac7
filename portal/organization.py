"""The organization's record (``portal.models.Organization``) for templates, e-mails and code.

Read once per request: the request-context middleware opens a per-request cache in a
contextvar, so nothing survives the request (the record may change in the admin at any time
and several processes serve the site). Outside a request (a Celery task) every call reads it."""

from __future__ import annotations

from contextvars import ContextVar

from django.utils.functional import lazy

from .models import Organization

_request_cache: ContextVar[dict | None] = ContextVar("portal_organization_cache", default=None)


def open_request_cache():
    """Start a per-request cache; returns the token for ``close_request_cache``."""
    return _request_cache.set({})


def close_request_cache(token) -> None:
    _request_cache.reset(token)


def _load() -> Organization:
    organization = Organization.objects.filter(pk=Organization.SINGLETON_PK).first()
    # A database without the row (a test database just flushed): blank names rather than a 500.
    return organization or Organization()


def current_organization() -> Organization:
    """The organization running the portal (one query per request at most)."""
    cache = _request_cache.get()
    if cache is None:
        return _load()
    if "organization" not in cache:
        cache["organization"] = _load()
    return cache["organization"]


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
