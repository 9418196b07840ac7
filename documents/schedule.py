from celery.schedules import crontab

BEAT_SCHEDULE = {
    "documents-monthly-digest": {
        # The 1st of each month, in the morning (Moscow time): the previous month's news.
        "task": "documents.tasks.send_monthly_digest",
        "schedule": crontab(day_of_month="1", hour="9", minute="30"),
    },
}
