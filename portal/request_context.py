"""What lives for one request, in contextvars set by ``portal.middleware.RequestContextMiddleware``.

The request id: assigned to every request (or taken from a safe incoming X-Request-ID), for the
log lines and the 500 page, and returned in the response. The per-request cache: what every
part of a page may ask for and nothing in the request changes, read once (``request_cached``);
nothing survives the request, since several processes serve the site."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it is a plain token: nothing that could forge a log line.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_request_id: ContextVar[str] = ContextVar("portal_request_id", default="-")


def request_id() -> str:
    """The current request's id ("-" outside a request)."""
    return _request_id.get()


def choose_request_id(incoming: str | None) -> str:
    if incoming and _SAFE_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def set_request_id(value: str):
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` for the formatter (see LOGGING in settings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


# --- The per-request cache -----------------------------------------------------------------------

_request_cache: ContextVar[dict | None] = ContextVar("portal_request_cache", default=None)


def open_request_cache():
    """Start a per-request cache; returns the token for ``close_request_cache``."""
    return _request_cache.set({})


def close_request_cache(token) -> None:
    _request_cache.reset(token)


def request_memo() -> dict | None:
    """The current request's cache (None outside a request), for a module that keeps more than
    one value in it and forgets some (``portal.pagecache``'s generations)."""
    return _request_cache.get()


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
