"""Django's Redis cache, degraded rather than failing while Redis is down.

Everything the portal keeps in the cache can be computed again (kept pages and parts, the due
list and badge, the dashboard's figures) or is a convenience (the login rate limits), while the
sessions and the data live in PostgreSQL: so a Redis that is down or unreachable must slow the
pages down, never answer them with a 500. While it is, reads find nothing, writes are dropped,
``add`` says the key was not added (a lock is not taken: the job it guards is not queued twice)
and ``incr`` raises ValueError as for a missing key (callers start the counter again, which is
dropped too). After a failed call the process does not try again for ``RETRY_SECONDS``, so a page
that asks the cache many times waits for one timeout at most, not one per call. The login's rate
limits do not hold while Redis is down (allauth counts nothing): a trade for the site staying
up, said in the log.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class TolerantRedisCacheClient(RedisCacheClient):
    _down_until = 0.0

    def _call(self, method: str, fallback, *args):
        now = time.monotonic()
        if now < self._down_until:
            return fallback()
        try:
            return getattr(super(), method)(*args)
        except _UNAVAILABLE:
            # Once per outage in the log (then once per RETRY_SECONDS at most).
            logger.warning(
                "Redis cache unavailable: pages are computed without it for %ss "
                "(and the login rate limits do not hold)",
                RETRY_SECONDS,
                exc_info=True,
            )
            TolerantRedisCacheClient._down_until = now + RETRY_SECONDS
            return fallback()

    def add(self, key, value, timeout):
        return self._call("add", lambda: False, key, value, timeout)

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
