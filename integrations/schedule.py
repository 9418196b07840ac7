from celery.schedules import crontab

BEAT_SCHEDULE = {
    "integrations-collect-subscriber-counts": {
        "task": "integrations.tasks.collect_subscriber_counts",
        "schedule": crontab(hour=5, minute=30),
    },
    "integrations-collect-vk-posts": {
        "task": "integrations.tasks.collect_vk_posts",
        "schedule": crontab(hour=6, minute=0),
    },
    "integrations-poll-telegram-updates": {
        "task": "integrations.tasks.poll_telegram_updates",
        "schedule": crontab(minute="*/10"),
    },
    "integrations-check-union-pages": {
        "task": "integrations.tasks.check_union_pages",
        "schedule": crontab(hour=4, minute=0, day_of_week=1),
    },
}
