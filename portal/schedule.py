"""Periodic tasks of the portal (collected by portal/apps.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "portal-flush-outbox": {
        # Jobs kept while the broker was down go out within a minute of its return.
        "task": "portal.tasks.flush_outbox",
        "schedule": crontab(minute="*"),
    },
}
