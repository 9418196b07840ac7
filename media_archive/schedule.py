"""Periodic tasks of the archive (collected by portal/apps.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "media-archive-delete-old-exports": {
        "task": "media_archive.tasks.delete_old_exports",
        "schedule": crontab(hour=3, minute=40),
    },
}
