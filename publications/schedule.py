from celery.schedules import crontab

BEAT_SCHEDULE = {
    "publications-publish-due": {
        "task": "publications.tasks.publish_due_publications",
        "schedule": crontab(minute="*/5"),
    },
}
