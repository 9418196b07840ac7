"""The dashboard's figures are recomputed by a job after the data behind a metric change, so
that the next visitor finds them in the cache; a burst of changes makes one job; a cache or a
broker that fails never fails the save. Until the job is done, a visitor is shown the last
figures with their time, not made to wait for the computation."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import OutboxJob
from ppo.models import MembershipSnapshot
from programme.services import warm_lock
from tests.factories import OrganizationFactory, presidium_user
from tests.programme.test_dashboard import make_organizations

pytestmark = pytest.mark.django_db


@pytest.fixture
def warming(settings):
    settings.PORTAL_DASHBOARD_CACHE_SECONDS = 900
    settings.PORTAL_DASHBOARD_WARM_SECONDS = 60
    yield


def _dashboard(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("programme:dashboard"))  # the year it opens with
    assert response.status_code == 200
    return response, len(queries)


def _warm_jobs(callbacks):
    return [
        c
        for c in callbacks
        if getattr(getattr(c, "func", None), "__name__", "") == "_dispatch"
        and c.args[0].name == "programme.tasks.warm_dashboard"
    ]


def _save_snapshots(organization, months):
    for month in months:
        MembershipSnapshot.objects.create(
            organization=organization, month=dt.date(2025, month, 1), employees=100, members=90
        )


def test_a_change_behind_a_metric_puts_fresh_figures_in_the_cache(
    client, warming, django_capture_on_commit_callbacks, settings
):
    # The views' queries are compared: the layout's reads (``pagecache.kept``) cost the same in
    # each (a new PPO would have the presidium's kept roles and PPO read again).
    settings.PORTAL_KEPT_SECONDS = 0
    make_organizations(3)
    client.force_login(presidium_user())
    cold, cold_queries = _dashboard(client)
    _, cached_queries = _dashboard(client)
    assert cached_queries < cold_queries - 40  # the figures came from the cache
    # Several rows in one go (an import, a form with a formset): one job for all of them.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _save_snapshots(OrganizationFactory(), (10, 11, 12))
    assert len(_warm_jobs(callbacks)) == 1
    # The job ran (in-process here) after the commit: the next visitor's figures are fresh and
    # come from the cache, not computed in the visit.
    warm, warm_queries = _dashboard(client)
    assert warm.context["organizations_count"] == cold.context["organizations_count"] + 1
    assert warm_queries == cached_queries


def test_changes_within_the_delay_share_the_job_already_scheduled(
    warming, django_capture_on_commit_callbacks
):
    from programme.services import dashboard_warm_schedule

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dashboard_warm_schedule()  # after one commit
        dashboard_warm_schedule()  # after another, a second later
    assert len(_warm_jobs(callbacks)) == 1
    assert cache.get(warm_lock(None)) == 1
    cache.delete(warm_lock(None))  # the job started
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dashboard_warm_schedule()
    assert len(_warm_jobs(callbacks)) == 1


def test_no_job_when_warming_is_off(client, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_DASHBOARD_CACHE_SECONDS = 900
    settings.PORTAL_DASHBOARD_WARM_SECONDS = 0  # the default without a broker
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _save_snapshots(OrganizationFactory(), (12,))
    assert _warm_jobs(callbacks) == []
    assert cache.get(warm_lock(None)) is None


def test_a_failing_cache_does_not_fail_the_save(
    warming, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", broken)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        organization = OrganizationFactory()
        _save_snapshots(organization, (12,))
    assert _warm_jobs(callbacks) == []
    assert MembershipSnapshot.objects.filter(organization=organization).count() == 1
    assert "Could not schedule the warm-up of metrics" in caplog.text


@pytest.fixture
def broker(monkeypatch):
    """A broker configured (jobs are published, not run in-process); what it was sent."""
    from portal import jobs
    from programme.tasks import warm_dashboard

    sent = []
    monkeypatch.setattr(
        jobs, "_app", lambda: SimpleNamespace(conf=SimpleNamespace(task_always_eager=False))
    )
    monkeypatch.setattr(warm_dashboard, "apply_async", lambda **options: sent.append(options))
    return sent


def test_the_job_is_published_to_start_after_the_delay(
    warming, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _save_snapshots(OrganizationFactory(), (11, 12))
    assert [options["countdown"] for options in broker] == [60]


def test_a_broker_that_is_down_keeps_the_job_in_the_outbox(
    warming, broker, monkeypatch, django_capture_on_commit_callbacks
):
    from programme.tasks import warm_dashboard

    def refused(**options):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(warm_dashboard, "apply_async", refused)
    with django_capture_on_commit_callbacks(execute=True):
        organization = OrganizationFactory()
        _save_snapshots(organization, (12,))
    assert MembershipSnapshot.objects.filter(organization=organization).count() == 1
    job = OutboxJob.objects.get()
    assert job.task == "programme.tasks.warm_dashboard"
    assert job.sent_at is None


def _change_behind_a_metric(callbacks_fixture):
    """A committed change whose scheduled warm-up has not run yet (the worker waits its delay)."""
    with callbacks_fixture(execute=False) as callbacks:
        _save_snapshots(OrganizationFactory(), (12,))
    for callback in callbacks:  # the page cache's bump after the commit, but not the job
        if callback not in _warm_jobs(callbacks):
            callback()


def test_until_the_job_has_run_the_last_figures_are_shown_with_their_time(
    client, warming, broker, django_capture_on_commit_callbacks
):
    make_organizations(3)
    client.force_login(presidium_user())
    first, cold_queries = _dashboard(client)
    assert first.context["figures_current"] is True
    assert "Показатели рассчитаны" in first.content.decode()
    computed_at = first.context["figures_at"]
    _change_behind_a_metric(django_capture_on_commit_callbacks)
    broker.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shown, queries = _dashboard(client)
    # Not computed in the visit: the last figures, said to be so, and a job asked to hurry.
    assert queries < cold_queries - 40
    assert shown.context["figures_current"] is False
    assert shown.context["figures_at"] == computed_at
    assert shown.context["organizations_count"] == first.context["organizations_count"]
    note = shown.content.decode()
    assert 'id="figures-previous"' in note and "обновите страницу через минуту" in note
    year = shown.context["year"]
    assert [(o["countdown"], o["kwargs"]) for o in broker] == [(0, {"year": year})]
    # Another visitor meanwhile: the same figures, no second job.
    with django_capture_on_commit_callbacks(execute=True):
        _dashboard(client)
    assert len(broker) == 1
    # The job (run here in-process) computes them for the data as they are now.
    from programme.tasks import warm_dashboard

    assert warm_dashboard.run(year=year) == year
    fresh, fresh_queries = _dashboard(client)
    assert fresh.context["figures_current"] is True
    assert fresh.context["organizations_count"] == first.context["organizations_count"] + 1
    assert fresh_queries < cold_queries - 40


def test_last_figures_too_old_or_no_warm_up_are_computed_in_the_visit(
    client, settings, warming, broker, django_capture_on_commit_callbacks
):
    make_organizations(2)
    client.force_login(presidium_user())
    first, _ = _dashboard(client)
    settings.PORTAL_DASHBOARD_PREVIOUS_SECONDS = 0
    _change_behind_a_metric(django_capture_on_commit_callbacks)
    shown, _ = _dashboard(client)
    assert shown.context["figures_current"] is True
    assert shown.context["organizations_count"] == first.context["organizations_count"] + 1
    settings.PORTAL_DASHBOARD_PREVIOUS_SECONDS = 3600
    settings.PORTAL_DASHBOARD_WARM_SECONDS = 0  # no worker to compute them: the visitor does
    _change_behind_a_metric(django_capture_on_commit_callbacks)
    shown, _ = _dashboard(client)
    assert shown.context["figures_current"] is True
    assert shown.context["organizations_count"] == first.context["organizations_count"] + 2


def test_beat_computes_the_figures_a_visitor_would_otherwise_wait_for(client, warming):
    """Every five minutes beat has a worker compute the figures if they are not in the cache
    (expired, a new day): the first view of the morning finds them; a run that finds them in
    the cache computes nothing."""
    from celery.schedules import crontab

    from portal.apps import collect_beat_schedule
    from programme.tasks import warm_dashboard

    entry = collect_beat_schedule()["programme-warm-dashboard"]
    assert entry["task"] == "programme.tasks.warm_dashboard"
    assert entry["schedule"] == crontab(minute="*/5")
    assert entry["kwargs"] == {"scheduled": True}

    make_organizations(3)
    cache.set(warm_lock(None), 1)  # a job after a change is on its way
    with CaptureQueriesContext(connection) as computing:
        year = warm_dashboard(**entry["kwargs"])
    assert year is not None
    assert cache.get(warm_lock(None)) == 1  # beat's run leaves that job's lock alone
    with CaptureQueriesContext(connection) as kept:
        assert warm_dashboard(**entry["kwargs"]) == year
    assert len(kept) < len(computing) - 40  # the second run found them
    client.force_login(presidium_user())
    response, queries = _dashboard(client)
    assert response.context["figures_current"]
    assert queries < len(computing) - 40  # the visitor did not compute them
