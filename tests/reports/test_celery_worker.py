"""The compile task through a real Celery worker with Redis as the broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings

from portal.celery import app
from reports.models import CentralCommitteeReport
from reports.tasks import compile_cc_report
from tests.factories import OrganizationFactory


@pytest.fixture
def redis_celery():
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    # REDIS_URL is this test run's own Redis database: no other worker listens there.
    app.conf.update(broker_url=settings.REDIS_URL, task_always_eager=False)
    # Connection pools made earlier in the run (with the eager settings) must not be reused.
    app._after_fork()
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=20):
            yield app
    finally:
        app.conf.update(saved)
        app._after_fork()


@pytest.mark.django_db(transaction=True)
def test_compile_task_runs_in_a_real_worker(redis_celery):
    OrganizationFactory.create_batch(3)
    result = compile_cc_report.delay("2025-01")
    assert not isinstance(result, EagerResult)  # it went through Redis
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        report = CentralCommitteeReport.objects.filter(month="2025-01-01").first()
        if report is not None and report.compiled_at:
            break
        time.sleep(0.2)
    else:
        pytest.fail("The worker did not compile the report in 30 seconds")
    assert len(report.snapshot["rows"]) == 3
    # Sent again: still one report, updated in place.
    compile_cc_report.delay("2025-01")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.compile_count == 2:
            break
        time.sleep(0.2)
    assert report.compile_count == 2
    assert CentralCommitteeReport.objects.count() == 1
