"""Celery tasks of the integrations: thin wrappers over services."""

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(soft_time_limit=600, time_limit=660)
def collect_subscriber_counts() -> dict:
    from .services import subscriber_counts_collect_all

    return subscriber_counts_collect_all()


@shared_task(soft_time_limit=600, time_limit=660)
def collect_vk_posts(days: int = 3) -> dict:
    from .services import vk_posts_collect_all

    until = timezone.now()
    return vk_posts_collect_all(since=until - dt.timedelta(days=days), until=until)


@shared_task(soft_time_limit=60, time_limit=90)
def poll_telegram_updates() -> int:
    from .errors import IntegrationError
    from .services import telegram_updates_poll

    try:
        return telegram_updates_poll()
    except IntegrationError:
        return 0


@shared_task(soft_time_limit=900, time_limit=960)
def check_union_pages() -> dict:
    from .services import union_pages_check_all

    return union_pages_check_all()
