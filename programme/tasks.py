"""Celery tasks of the programme app: thin wrappers over selectors and services."""

from celery import shared_task
from django.utils import timezone


@shared_task(soft_time_limit=120, time_limit=150, autoretry_for=(OSError,), max_retries=3)
def warm_dashboard(year: int | None = None, *, scheduled: bool = False) -> int | None:
    """Put the dashboard's figures for the year it opens with (or ``year``) into the cache, after
    a change of the data behind them (see ``services.dashboard_warm_schedule``), or by beat
    (``scheduled``) when they are not there. The lock of a job after a change is released first:
    a change made while the figures are computed schedules the next job (beat's run leaves the
    lock of a job on its way alone)."""
    from django.core.cache import cache

    from .selectors import dashboard_warm
    from .services import warm_lock

    if not scheduled:
        cache.delete(warm_lock(year))
    return dashboard_warm(today=timezone.localdate(), year=year)
