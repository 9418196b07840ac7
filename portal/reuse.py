"""Values computed once per job: a scope in which a helper called again with the same arguments
returns its first result instead of querying again.

A report to the Central Committee asks for the members, the employees and the membership level
(values and totals) of the same month: all of them read the same latest snapshots. Inside
``with reuse():`` (the compile, the rating) the helper marked ``@reused`` runs its query once;
outside any scope it runs every time, so nothing is kept between requests or jobs (no
module-level cache of data: several processes serve the portal).

Arguments are compared by value: periods and dates as they are, querysets by their SQL,
lists by their items.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.db.models import QuerySet

T = TypeVar("T")

_scope: ContextVar[dict | None] = ContextVar("portal_reuse_scope", default=None)


@contextlib.contextmanager
def reuse() -> Iterator[None]:
    """A scope of reuse (nested scopes share the outer one)."""
    if _scope.get() is not None:
        yield
        return
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def active() -> bool:
    """Whether a scope of reuse is open (a helper may then take values already in memory)."""
    return _scope.get() is not None


def _key(value):
    if isinstance(value, QuerySet):
        sql, params = value.query.sql_with_params()
        return ("queryset", value.model._meta.label, sql, tuple(params))
    if isinstance(value, list | tuple | set | frozenset):
        return ("items", tuple(value))
    return value


def reused(fn: Callable[..., T]) -> Callable[..., T]:
    """Inside ``reuse()``, the first result for the same arguments is returned again."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        scope = _scope.get()
        if scope is None:
            return fn(*args, **kwargs)
        key = (
            fn.__module__,
            fn.__qualname__,
            *map(_key, args),
            *((name, _key(value)) for name, value in sorted(kwargs.items())),
        )
        try:
            hash(key)
        except TypeError:
            return fn(*args, **kwargs)
        if key not in scope:
            scope[key] = fn(*args, **kwargs)
        result = scope[key]
        # A caller may change the dict it gets; the next one still gets the value as computed.
        return dict(result) if isinstance(result, dict) else result

    return wrapper
