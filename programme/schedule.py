"""Beat schedule of the programme app (collected by portal.apps; CELERY_TIMEZONE is Moscow)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # The dashboard's figures for the year it opens with, computed by a worker whenever they are
    # not in the cache (expired, or a new day to judge on): every five minutes, so a visitor
    # (the Presidium's first view of the morning) never waits for them. A run that finds them
    # in the cache for the data as they are computes nothing.
    "programme-warm-dashboard": {
        "task": "programme.tasks.warm_dashboard",
        "schedule": crontab(minute="*/5"),
        "kwargs": {"scheduled": True},
    },
}
