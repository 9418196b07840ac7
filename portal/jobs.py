"""The one way to start a background job: after the transaction commits, never breaking the
request, never lost.

Without a broker (the embedded default) the job runs in-process, as before. With a broker, a
publish that fails (the broker is down or unreachable) stores the job in ``OutboxJob``; the
outbox is flushed by a periodic task, by ``manage.py flush_outbox`` and when a worker starts.
Delivery is therefore at least once: every task is written to be idempotent."""

import datetime as dt
import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import OutboxJob

logger = logging.getLogger(__name__)

# Sent jobs stay this long for the record in the admin, then the flush deletes them.
KEEP_SENT = dt.timedelta(days=30)


def enqueue(task, *args, **kwargs) -> None:
    """Run ``task(*args, **kwargs)`` in the background once the current transaction commits
    (at once outside a transaction). Arguments must be plain JSON values (ids, strings)."""
    transaction.on_commit(partial(_dispatch, task, list(args), kwargs))


def enqueue_later(seconds: int, task, *args, **kwargs) -> None:
    """As ``enqueue``, the job to start ``seconds`` after the commit (a worker holds it until
    then; without a broker it runs at once, in the outbox it waits for the next flush)."""
    transaction.on_commit(partial(_dispatch, task, list(args), kwargs, countdown=seconds))


def _app():
    from .celery import app

    return app


def _dispatch(task, args: list, kwargs: dict, countdown: int | None = None) -> None:
    app = _app()
    if app.conf.task_always_eager:
        task.apply_async(args=args, kwargs=kwargs)
        return
    try:
        # No retry loop inside the request: one short attempt, then the outbox.
        task.apply_async(args=args, kwargs=kwargs, retry=False, countdown=countdown)
    except Exception as error:  # any failure to publish: the job must not be lost
        logger.warning("Broker unavailable, job %s kept in the outbox: %s", task.name, error)
        OutboxJob.objects.create(
            task=task.name, args=args, kwargs=kwargs, attempts=1, last_error=_describe(error)
        )


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _publish(job: OutboxJob) -> None:
    app = _app()
    if app.conf.task_always_eager:
        app.tasks[job.task].apply(args=job.args, kwargs=job.kwargs)
    else:
        app.send_task(job.task, args=job.args, kwargs=job.kwargs, retry=False)


def outbox_send(*, jobs, stop_on_error: bool = True, waiting_only: bool = False) -> int:
    """Publish the given outbox jobs (ids or instances) now; returns how many went out.

    Each job is locked while it is published, so two flushes never publish it twice at once
    (with ``waiting_only`` one sent meanwhile by another flush is skipped; the admin's «send
    again» sends a sent job anew); with ``stop_on_error`` the first failure ends the run (the
    broker is still down)."""
    sent = 0
    for pk in [getattr(job, "pk", job) for job in jobs]:
        with transaction.atomic():
            locked = OutboxJob.objects.select_for_update(skip_locked=True).filter(pk=pk)
            if waiting_only:
                locked = locked.filter(sent_at__isnull=True)
            job = locked.first()
            if job is None:
                continue
            job.attempts += 1
            try:
                _publish(job)
            except Exception as error:  # recorded on the row, shown in the admin
                job.last_error = _describe(error)
                job.save(update_fields=["attempts", "last_error"])
                logger.warning("Outbox job %s not sent: %s", job, error)
                if stop_on_error:
                    break
                continue
            job.sent_at = timezone.now()
            job.last_error = ""
            job.save(update_fields=["attempts", "last_error", "sent_at"])
            sent += 1
    return sent


def outbox_flush(*, limit: int = 1000) -> int:
    """Publish the waiting jobs, oldest first; returns how many went out."""
    OutboxJob.objects.filter(sent_at__lt=timezone.now() - KEEP_SENT).delete()
    waiting = OutboxJob.objects.filter(sent_at__isnull=True).order_by("pk")
    return outbox_send(jobs=list(waiting.values_list("pk", flat=True)[:limit]), waiting_only=True)
