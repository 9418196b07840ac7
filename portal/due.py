"""The due-items registry: what an officer's PPO must do, and by when, from every app.

Each app registers a provider in its own ``due.py`` (imported at start-up by
``PortalConfig.ready``, like the metrics): ``provider(organization, today) -> list[DueItem]``,
computed in a constant number of SQL queries. The cabinet's «Что нужно сделать» and the
navigation's badge read only this registry.

The badge's number is cached per PPO (``due_count``) and read from the cache only, so that it
costs no query on any page; the cabinet's home keeps the list itself in the cache beside it
(``due_items_counted``: the providers together cost some thirty queries). The fresh count's key
carries a generation per PPO and one for everybody, bumped by saves of the models each provider
watches, and the day (deadlines pass at midnight); the list's key adds the generation of every
metric app's rows (``pagecache.METRICS``), because the providers also read rows no watch names
(the PPO's own record, the programme's lines, a survey's PPOs). A short TTL bounds what a watch
misses. A watched save bumps the generation at once and again after its transaction commits
(once per transaction): a request of another process that computed the list between the save
and the commit saw the old rows, and what it stored is never read again. After the commit the
PPO's count is also recomputed, when its badge is shown at all, so that the next page,
whichever it is, shows the fresh number. When the fresh count is gone otherwise (a change for
every PPO, the day's end) the last one is shown until the home recomputes it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from . import pagecache
from .db import on_commit_once

logger = logging.getLogger(__name__)

COUNT_SECONDS = 300
_GENERATION_ALL = "portal.due.gen"


@dataclass(frozen=True)
class DueItem:
    kind: str  # "reports:monthly", "documents:acknowledge", ...
    title: str  # Russian, what to do
    url: str  # the page that does it
    app: str  # the app label
    deadline: dt.date | None = None
    overdue: bool = False


Provider = Callable[[object, dt.date], list[DueItem]]


@dataclass
class _Entry:
    app: str
    provider: Provider
    watch: tuple = field(default_factory=tuple)


class DueRegistry:
    def __init__(self):
        self._entries: dict[str, _Entry] = {}
        self._loader: Callable[[int], object | None] | None = None

    def set_loader(self, loader: Callable[[int], object | None]) -> None:
        """The spine says how a PPO is loaded by its id (portal knows no PPO model)."""
        self._loader = loader

    def organization(self, organization_id: int):
        return self._loader(organization_id) if self._loader else None

    def register(
        self, app: str, provider: Provider, *, watch: Iterable = (), owners: dict | None = None
    ) -> None:
        """Register an app's provider; saves and deletes of the ``watch`` models make the
        badges stale: of the row's PPO (its ``organization_id``, or the id ``owners[model](row)``
        returns for a model that reaches its PPO through another row), else of all."""
        watch = tuple(watch)
        self._entries[app] = _Entry(app, provider, watch)
        for model in watch:
            uid = f"portal-due-{app}-{model._meta.label}"
            handler = partial(_stale, owner=(owners or {}).get(model, _own_organization))
            post_save.connect(handler, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{uid}-d")

    def apps(self) -> list[str]:
        return list(self._entries)

    def items(self, organization, today: dt.date | None = None) -> list[DueItem]:
        """Every due item of the PPO: overdue first, then by deadline (none last), then title."""
        today = today or timezone.localdate()
        found: list[DueItem] = []
        for entry in self._entries.values():
            found += entry.provider(organization, today)
        return sorted(
            found,
            key=lambda item: (
                not item.overdue,
                item.deadline is None,
                item.deadline or dt.date.max,
                item.title,
            ),
        )


registry = DueRegistry()


def due_items(organization, today: dt.date | None = None) -> list[DueItem]:
    return registry.items(organization, today)


def _organization_key(organization_id: int) -> str:
    return f"portal.due.org:{organization_id}"


def _own_organization(instance) -> int | None:
    return getattr(instance, "organization_id", None)


def _stale(sender, instance, owner=_own_organization, **kwargs) -> None:
    try:
        organization_id = owner(instance) or None
    except ObjectDoesNotExist:  # a row deleted with its owner
        organization_id = None
    stale(organization_id)
    on_commit_once(("portal.due", organization_id), partial(_committed, organization_id))


def _committed(organization_id: int | None) -> None:
    """After the commit of a change: stale again (see the module's doc), and the PPO's badge
    recomputed from the committed rows."""
    stale(organization_id)
    if organization_id is not None:
        refresh(organization_id)


def refresh(organization_id: int) -> None:
    """Recompute the PPO's badge now (after a change of its rows has committed), unless nobody
    was shown it yet (its first page, the cabinet's home, computes it) or another request has
    computed it since the commit. Never breaks the request that made the change."""
    today = timezone.localdate()
    try:
        found = cache.get_many([_count_key(organization_id, today), _last_key(organization_id)])
        if _last_key(organization_id) not in found or _count_key(organization_id, today) in found:
            return
        organization = registry.organization(organization_id)
        if organization is not None:
            due_items_counted(organization, today)
    except Exception:  # the badge is a convenience: the change itself has been saved
        logger.exception("The due count of PPO %s was not refreshed", organization_id)


def stale(organization_id: int | None = None) -> None:
    """The badge of a PPO (None: of every PPO) is recomputed on its next page."""
    key = _organization_key(organization_id) if organization_id else _GENERATION_ALL
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def _count_key(organization_id: int, today: dt.date) -> str:
    generations = cache.get_many([_GENERATION_ALL, _organization_key(organization_id)])
    everyone = generations.get(_GENERATION_ALL, 0)
    own = generations.get(_organization_key(organization_id), 0)
    return f"portal.due.count:{organization_id}:{today.isoformat()}:{everyone}:{own}"


def _last_key(organization_id: int) -> str:
    return f"portal.due.last:{organization_id}"


def due_count(organization, today: dt.date | None = None) -> int | None:
    """The badge's number, from the cache only (no query on any page): the fresh count, else
    the last one computed (stale since a change, until the cabinet's home recomputes it), else
    None (never computed: the officer lands on the cabinet's home after logging in)."""
    today = today or timezone.localdate()
    count_key, last_key = _count_key(organization.pk, today), _last_key(organization.pk)
    found = cache.get_many([count_key, last_key])
    fresh = found.get(count_key)
    return fresh if fresh is not None else found.get(last_key)


def due_items_counted(organization, today: dt.date | None = None) -> list[DueItem]:
    """``due_items`` for the cabinet's home: from the cache while nothing it reads has changed
    (see the module's doc), else computed and stored with the badge's number."""
    today = today or timezone.localdate()
    count_key = _count_key(organization.pk, today)
    (metric_rows,) = pagecache.generations((pagecache.METRICS,))
    items_key = f"{count_key}:items:{metric_rows}"
    items = cache.get(items_key)
    if items is None:
        items = due_items(organization, today)
        cache.set_many({count_key: len(items), items_key: items}, COUNT_SECONDS)
        cache.set(_last_key(organization.pk), len(items), None)
    return items
