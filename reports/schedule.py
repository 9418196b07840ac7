"""Beat schedule of the reports app (collected by portal.apps; CELERY_TIMEZONE is Moscow)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "reports-compile-cc-report": {
        "task": "reports.tasks.compile_cc_report",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    "reports-monthly-report-reminders": {
        # Daily: the task itself knows the reminder days (the 1st, the day before the deadline).
        "task": "reports.tasks.send_monthly_report_reminders",
        "schedule": crontab(minute=0, hour=9),
    },
    "reports-survey-deadline-reminders": {
        # Daily: the service knows the days (three days before a survey's deadline, the day).
        "task": "reports.tasks.send_survey_deadline_reminders",
        "schedule": crontab(minute=10, hour=9),
    },
    # Frozen outputs whose data changed since: the lists and the dashboard read what this
    # stores (a detail page recomputes its own output on view).
    "reports-check-frozen-outputs": {
        "task": "reports.tasks.check_frozen_outputs",
        "schedule": crontab(minute=20),
    },
    "reports-compute-rating": {
        "task": "reports.tasks.compute_rating",
        "schedule": crontab(minute=0, hour=7, day_of_month=15, month_of_year=1),
    },
}
