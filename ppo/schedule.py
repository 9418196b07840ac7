from celery.schedules import crontab

BEAT_SCHEDULE = {
    "ppo-publish-due-publications": {
        "task": "ppo.tasks.publish_due_publications",
        "schedule": crontab(minute="*/5"),
    },
}
