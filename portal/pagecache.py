"""Public pages cached for anonymous visitors, invalidated by generations of page groups.

A page group is a name for a kind of content ("news", "ppo", "archive"; "site" is the
organization's record every page shows). Each group has a generation number in the cache;
a cached page's key holds the generations of the groups it shows, so a change bumps the
generation (``bump("news")``, from the owning app's signals after a save or a delete) and every
page of the group is rendered afresh on its next view, whatever process serves it. Old entries
are never looked up again and expire by their timeout, which also bounds how late a page can be
for a change nothing signals. Content that changes by time alone (a news scheduled «at a date»
is public from its moment, before beat publishes it) registers a clock: the group is bumped when
its next moment comes.

What is cached: a GET or HEAD of a view that opts in (``PublicPageCacheMixin``) by a visitor
with no session (so never a logged-in user, nor anyone with messages waiting), answered 200,
that set no cookie and used no CSRF token: a page with a form that needs a token is rendered for
each visitor, so a token is never served from someone else's page.

With no Redis (the local run) the cache is Django's local-memory cache; the dummy cache turns
caching off. A cache that fails never fails the page: it is rendered as if not cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .cache import degraded
from .db import on_commit_once
from .request_context import request_memo

logger = logging.getLogger(__name__)

SITE = "site"
# Every row of an app that registers metrics: the figures computed from them (the dashboard's).
METRICS = "metrics"
CACHE_HEADER = "X-Portal-Cache"
_PREFIX = "pagecache"


def _generation_key(group: str) -> str:
    return f"{_PREFIX}:gen:{group}"


def _due_key(group: str) -> str:
    return f"{_PREFIX}:due:{group}"


# Groups whose content also changes with time alone: a function giving the next moment it does
# (a news scheduled «at a date»), or None. Registered by the owning app at start-up.
_clocks: dict[str, Callable[[], dt.datetime | None]] = {}
_NEVER = "never"


# What to do once a group's change is committed, besides bumping it: recompute in the background
# what the next visitor would otherwise wait for (the dashboard's figures). Registered by the
# owning app at start-up.
_warmers: dict[str, list[Callable[[], None]]] = {}


def register_warmer(group: str, warm: Callable[[], None]) -> None:
    """``warm()`` is called after the commit of each change of the group (it debounces itself)."""
    if warm not in _warmers.setdefault(group, []):
        _warmers[group].append(warm)


def _warm(groups: tuple[str, ...]) -> None:
    for group in groups:
        for warm in _warmers.get(group, ()):
            try:
                warm()
            except Exception:  # the save is committed: a failed warm-up only costs a visitor time
                logger.warning("Could not schedule the warm-up of %s", group, exc_info=True)


def register_clock(group: str, next_change: Callable[[], dt.datetime | None]) -> None:
    """The group's pages also go stale at ``next_change()`` (asked once per generation)."""
    _clocks[group] = next_change


def _check_clocks(groups: tuple[str, ...], found: dict) -> None:
    """Bump a group whose next moment has come; learn the next moment of a fresh generation."""
    now = timezone.now()
    for group in groups:
        if group not in _clocks:
            continue
        due = found.get(_due_key(group))
        if due is None:
            moment = _clocks[group]()
            cache.set(_due_key(group), moment or _NEVER, timeout=None)
            due = moment or _NEVER
        if due != _NEVER and due <= now:
            _bump_now((group,))
            cache.delete(_due_key(group))
            found[_generation_key(group)] = cache.get(_generation_key(group), 0)


def _known_generations() -> dict[str, int] | None:
    """The generations read so far in this request (None outside one): a page asks for the same
    groups many times (its own cache key, the layout's kept values), and one read is enough;
    a bump made by the request itself forgets its groups (``_bump_now``)."""
    memo = request_memo()
    return None if memo is None else memo.setdefault("pagecache:generations", {})


def generations(groups: Iterable[str]) -> tuple[int, ...]:
    """The current generation of each group (one cache round trip, none for groups read already
    in this request; new groups start now)."""
    _bump_lost()
    groups = tuple(groups)
    known = _known_generations()
    if known is not None and all(group in known for group in groups):
        return tuple(known[group] for group in groups)
    keys = [_generation_key(group) for group in groups]
    found = cache.get_many(keys + [_due_key(group) for group in groups if group in _clocks])
    for key in keys:
        if key not in found:
            # A generation that starts at the clock, not at 0: after an eviction or a flush of
            # the counters, no page stored under an earlier generation can match again.
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key, 0)
    _check_clocks(groups, found)
    result = tuple(found[key] for key in keys)
    if known is not None:
        known.update(zip(groups, result, strict=True))
    return result


def _bump_now(groups: tuple[str, ...]) -> None:
    known = _known_generations()
    for group in groups:
        if known is not None:
            known.pop(group, None)
        if group in _clocks:  # what changed may move the next moment: ask again
            cache.delete(_due_key(group))
        key = _generation_key(group)
        try:
            try:
                cache.incr(key)
            except ValueError:  # no counter yet: any value unlike the previous ones
                cache.add(key, time.time_ns(), timeout=None)
        except Exception:  # a cache outage must not fail the save
            logger.warning("Could not invalidate the cached pages of %s", group, exc_info=True)
            _lost.update(groups)
    if degraded():  # dropped (portal/cache.py): made again once the cache answers
        _lost.update(groups)


# Groups whose bump was dropped while the cache was down: this process bumps them again on its
# next use of the cache once it answers, so that a change made during an outage (a role taken
# away, an appointment ended) is not hidden, after it, by what was kept before it.
_lost: set[str] = set()


def _bump_lost() -> None:
    if _lost and not degraded():
        groups = tuple(_lost)
        _lost.clear()
        logger.info("Invalidating again what was changed while the cache was down: %s", groups)
        _bump_now(groups)


# Inside ``deferred()``: the groups bumped so far, to be bumped once when it ends.
_deferred: ContextVar[dict[tuple[str, ...], None] | None] = ContextVar("deferred", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """The groups bumped inside are bumped when it ends, once each, not once per change: for a
    change of thousands of rows in one transaction (a registry import), which nobody else sees
    before its end anyway. Inside another ``deferred()`` the outer one bumps."""
    if _deferred.get() is not None:
        yield
        return
    token = _deferred.set({})
    try:
        yield
    finally:
        groups = _deferred.get()
        _deferred.reset(token)
        for changed in groups:
            bump(*changed)


def bump(*groups: str) -> None:
    """The content of these groups changed: their cached pages are stale.

    Bumped at once and again after the commit: a page rendered by another process between the
    change and its commit (showing the old rows) is not kept under the new generation. After the
    commit the groups are bumped once per transaction (a rating's 8,000 results or an import's
    rows cost one bump and one warm-up then, not one each: ``portal.db.on_commit_once``; inside
    ``deferred()`` even the bump at once is made once, at its end)."""
    waiting = _deferred.get()
    if waiting is not None:
        waiting[groups] = None
        return
    _bump_lost()
    _bump_now(groups)
    on_commit_once(("pagecache", groups), partial(_bump_committed, groups))


def _bump_committed(groups: tuple[str, ...]) -> None:
    _bump_now(groups)
    _warm(groups)


def bump_on_change(*groups: str) -> Callable:
    """A post_save/post_delete receiver bumping ``groups``."""

    def receiver(sender, **kwargs):
        if kwargs.get("raw"):  # fixtures and backups loading
            return
        bump(*groups)

    return receiver


def timeout() -> int:
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


def cached(
    name: str,
    groups: Iterable[str],
    compute: Callable[[], object],
    seconds=None,
    *,
    keep: Callable[[object], bool] | None = None,
):
    """A value computed once per generation of ``groups`` (and at most ``seconds`` old);
    a value for which ``keep(value)`` says False is returned but not stored."""
    seconds = timeout() if seconds is None else seconds
    if seconds <= 0:
        return compute()
    try:
        key = f"{_PREFIX}:value:{name}:" + ".".join(map(str, generations((SITE, *groups))))
        value = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        if keep is not None and not keep(value):
            return value
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.warning("Cache unavailable; %s not stored", name, exc_info=True)
    return value


def kept_seconds() -> int:
    """How long a value every page repeats (``kept``) may live at most (0: not kept)."""
    return getattr(settings, "PORTAL_KEPT_SECONDS", 600)


def kept(name: str, groups: Iterable[str], load: Callable[[], object]) -> object:
    """A small read that every page repeats (the organization's record, the footer's channels, a
    person's roles, an officer's PPO), kept per generation of ``groups`` (and of the site) for
    at most ``PORTAL_KEPT_SECONDS``, whether or not public pages are cached; None is kept too.
    ``name`` holds whatever else the value depends on (the person, the day)."""
    return cached(f"kept:{name}", groups, lambda: (load(),), kept_seconds())[0]


def kept_fragment(name: str, groups: Iterable[str], render: Callable[[], str]) -> str:
    """A part of a page rendered once per generation of ``groups`` for every visitor, logged in
    or not, as ``kept`` (the ``{% kept %}`` tag of portal_tags). A fragment holding a CSRF token
    is rendered for each request and never stored: a token is never served to someone else."""
    return cached(
        f"fragment:{name}",
        groups,
        render,
        kept_seconds(),
        keep=lambda html: _CSRF_FIELD not in html,
    )


_CSRF_FIELD = 'name="csrfmiddlewaretoken"'


@dataclass(frozen=True)
class Computed:
    """A value with the moment it was computed. ``current`` False: the data behind it have
    changed since, and a newer value is being computed elsewhere (by a job)."""

    value: object
    at: dt.datetime
    current: bool = True


def _last_key(name: str) -> str:
    return f"{_PREFIX}:last:{name}"


def cached_or_previous(
    name: str,
    groups: Iterable[str],
    compute: Callable[[], object],
    *,
    seconds: int,
    previous_seconds: int = 0,
    refresh: Callable[[], bool] | None = None,
    fresh: bool = False,
) -> Computed:
    """As ``cached``, with the moment of computing, for a value too slow to compute while a
    visitor waits. On a miss (the data changed, or the value expired), when the last value
    computed under ``name`` for any generation is at most ``previous_seconds`` old and
    ``refresh()`` has a job compute the new one (it says True), that last value is returned
    (``current=False``), so a page can show it with its time. ``fresh``: compute on a miss
    whatever there is (the job itself). A failing cache computes, as ``cached``."""
    if seconds <= 0:
        return Computed(compute(), timezone.now())
    try:
        key = f"{_PREFIX}:value:{name}:" + ".".join(map(str, generations((SITE, *groups))))
        found = cache.get(key)
        if found is not None:
            return found
        if not fresh and refresh is not None and previous_seconds > 0:
            last = cache.get(_last_key(name))
            if (
                last is not None
                and timezone.now() - last.at <= dt.timedelta(seconds=previous_seconds)
                and refresh()
            ):
                return Computed(last.value, last.at, current=False)
    except Exception:
        logger.warning("Cache unavailable; computing %s", name, exc_info=True)
        return Computed(compute(), timezone.now())
    computed = Computed(compute(), timezone.now())
    try:
        cache.set(key, computed, seconds)
        cache.set(_last_key(name), computed, max(seconds, previous_seconds))
    except Exception:
        logger.warning("Cache unavailable; %s not stored", name, exc_info=True)
    return computed


def _visitor_is_anonymous(request: HttpRequest) -> bool:
    """No session at all: nobody logged in, no messages waiting, nothing personal to show.
    (Read from the cookies, so a cached view runs no query for the session.)"""
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _page_key(request: HttpRequest, groups: tuple[str, ...]) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(f"{get_language()} {url}".encode()).hexdigest()[:32]
    return f"{_PREFIX}:page:{digest}:" + ".".join(map(str, generations((SITE, *groups))))


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A token was put on the page (a form): it belongs to this visitor only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def serve(request: HttpRequest, groups: Iterable[str], render: Callable[[], HttpResponse]):
    """The cached page for an anonymous visitor, or the rendered one (stored when it may be)."""
    seconds = timeout()
    if seconds <= 0 or request.method not in ("GET", "HEAD") or not _visitor_is_anonymous(request):
        return render()
    try:
        key = _page_key(request, tuple(groups))
        hit = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable; page rendered", exc_info=True)
        return render()
    if hit is not None:
        status, headers, content = hit
        response = HttpResponse(content, status=status, headers=headers)
        response[CACHE_HEADER] = "hit"
        patch_vary_headers(response, ("Cookie",))
        return response

    def store(response: HttpResponse) -> None:
        if not _storable(request, response):
            return
        headers = {k: v for k, v in response.items() if k.lower() != CACHE_HEADER.lower()}
        try:
            cache.set(key, (response.status_code, headers, response.content), seconds)
        except Exception:
            logger.warning("Cache unavailable; page not stored", exc_info=True)

    response = render()
    response[CACHE_HEADER] = "miss"
    # A logged-in visitor's page differs from the anonymous one at the same address.
    patch_vary_headers(response, ("Cookie",))
    if getattr(response, "is_rendered", True):
        store(response)
    else:
        response.add_post_render_callback(store)
    return response


class PublicPageCacheMixin:
    """For a public view: anonymous GETs are served from the cache (see the module's doc).

    ``page_cache_groups`` names what the page shows besides the site's own record."""

    page_cache_groups: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        return serve(
            request,
            self.page_cache_groups,
            lambda: super(PublicPageCacheMixin, self).dispatch(request, *args, **kwargs),
        )
