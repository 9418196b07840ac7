import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def flush_outbox_at_start(**kwargs):
    """A worker that starts after a broker outage sends what the outbox kept meanwhile."""
    from portal.jobs import outbox_flush

    outbox_flush()
