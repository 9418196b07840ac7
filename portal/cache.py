"""Django's Redis cache, degraded rather than failing while Redis is down.

Everything the portal keeps in the cache can be computed again (kept pages and parts, the due
list and badge, the dashboard's figures) or is a convenience (the rate limits), while the
sessions and the data live in PostgreSQL: so a Redis that is down, unreachable, out of memory or
read-only must slow the pages down, never answer them with a 500. While it is, reads find
nothing, writes are dropped, ``add`` says the key was added (a lock is taken at once: nothing
else can hold it while nothing is stored, so allauth's rate-limit lock and the portal's job
locks let the request go on) and ``incr`` raises ValueError as for a missing key (callers start
the counter again, which is dropped too). After a failed call the process does not try again
for ``RETRY_SECONDS``, so a page that asks the cache many times waits for one timeout at most,
not one per call. The rate limits of the login do not hold meanwhile (nothing is counted): a
trade for the site staying up, said in the log. ``degraded()`` tells a caller whose write must
not be lost (``portal.pagecache``'s bumps) to make it again once the cache answers.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ReadOnlyError, OSError)


def _unavailable(error: Exception) -> bool:
    """Redis down or unable to store (out of memory), as opposed to a bug in the call."""
    if isinstance(error, _UNAVAILABLE):
        return True
    return isinstance(error, ResponseError) and str(error).startswith("OOM")


def degraded() -> bool:
    """Whether the cache is skipped now (after a failure, for ``RETRY_SECONDS``): a write made
    now is dropped."""
    return time.monotonic() < TolerantRedisCacheClient._down_until


class TolerantRedisCacheClient(RedisCacheClient):
    _down_until = 0.0

    def _call(self, method: str, fallback, *args):
        now = time.monotonic()
        if now < self._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args)
        except Exception as error:
            if not _unavailable(error):
                raise
            # Once per outage in the log (then once per RETRY_SECONDS at most).
            logger.warning(
                "Redis cache unavailable: pages are computed without it for %ss "
                "(and the rate limits do not hold)",
                RETRY_SECONDS,
                exc_info=True,
            )
            TolerantRedisCacheClient._down_until = now + RETRY_SECONDS
            return fallback()

    def add(self, key, value, timeout):
        return self._call("add", lambda: True, key, value, timeout)

    def get(self, key, default):
        return self._call("get", lambda: default, key, default)

    def set(self, key, value, timeout):
        return self._call("set", lambda: None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", lambda: False, key, timeout)

    def delete(self, key):
        return self._call("delete", lambda: False, key)

    def get_many(self, keys):
        return self._call("get_many", dict, keys)

    def has_key(self, key):
        return self._call("has_key", lambda: False, key)

    def incr(self, key, delta):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")

        return self._call("incr", missing, key, delta)

    def set_many(self, data, timeout):
        return self._call("set_many", lambda: None, data, timeout)

    def delete_many(self, keys):
        return self._call("delete_many", lambda: None, keys)

    def clear(self):
        return self._call("clear", lambda: False)


class TolerantRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``TolerantRedisCacheClient``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient
