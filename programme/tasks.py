"""Celery tasks of the programme app: thin wrappers over selectors and services."""

from celery import shared_task
from django.utils import timezone


@shared_task(soft_time_limit=120, time_limit=150, autoretry_for=(OSError,), max_retries=3)
def warm_dashboard() -> int | None:
    """Put the dashboard's figures for the year it opens with into the cache (after a change of
    the data behind them; see ``selectors.dashboard_warm_schedule``)."""
    from .selectors import dashboard_warm

    return dashboard_warm(today=timezone.localdate())
