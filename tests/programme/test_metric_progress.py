"""Metric-bound activities take their progress from real data (created through services)."""

import datetime as dt

import pytest

from portal.metrics import FLOW, STOCK, Metric, MetricRegistry
from ppo import services as ppo_services
from programme.models import Activity, ExecutionRecord
from programme.progress import AT_RISK, BEHIND, DONE, ON_TRACK, evaluate_activity
from tests.factories import OrganizationFactory, UserFactory

STARTS = dt.date(2023, 10, 12)
ENDS = dt.date(2025, 12, 31)
OFFICER_LINE = "Назначение ответственного по информационной работе в своей ППО"


def evaluate(act, year, today, ids, records=(), metrics=None):
    kwargs = {} if metrics is None else {"metrics": metrics}
    return evaluate_activity(
        act,
        year,
        today=today,
        starts_on=STARTS,
        ends_on=ENDS,
        records=list(records),
        organization_ids=ids,
        **kwargs,
    )


@pytest.mark.django_db
class TestOfficerShare:
    def test_progress_is_the_share_of_ppos_with_an_officer(self):
        act = Activity.objects.get(text=OFFICER_LINE)
        organizations = OrganizationFactory.create_batch(4)
        for organization in organizations[:2]:
            ppo_services.appointment_open(
                organization=organization, user=UserFactory(), starts_on=dt.date(2024, 2, 1)
            )
        ids = [o.pk for o in organizations]
        result = evaluate(act, 2024, dt.date(2024, 6, 15), ids)
        assert result.source == "metric"
        assert result.progress == 0.5
        assert result.status == BEHIND
        assert "50" in str(result.note)

    def test_all_appointed_is_on_track_then_done_after_the_year(self):
        act = Activity.objects.get(text=OFFICER_LINE)
        organizations = OrganizationFactory.create_batch(3)
        for organization in organizations:
            ppo_services.appointment_open(
                organization=organization, user=UserFactory(), starts_on=dt.date(2024, 2, 1)
            )
        ids = [o.pk for o in organizations]
        assert evaluate(act, 2024, dt.date(2024, 6, 15), ids).status == ON_TRACK
        assert evaluate(act, 2024, dt.date(2025, 1, 15), ids).status == DONE

    def test_an_ended_appointment_stops_counting(self):
        act = Activity.objects.get(text=OFFICER_LINE)
        organization = OrganizationFactory()
        appointment = ppo_services.appointment_open(
            organization=organization, user=UserFactory(), starts_on=dt.date(2024, 2, 1)
        )
        ppo_services.appointment_end(appointment=appointment, ends_on=dt.date(2024, 4, 30))
        result = evaluate(act, 2024, dt.date(2024, 6, 15), [organization.pk])
        assert (result.progress, result.status) == (0, BEHIND)


@pytest.mark.django_db
def test_unregistered_metric_falls_back_to_records():
    act = Activity.objects.get(text__startswith="Подготовка отчета по информационной работе")
    assert act.metric_key == "reports.cc_report_sent"
    empty = MetricRegistry()
    records = [(None, dt.date(2024, m, 2)) for m in range(1, 6)]
    result = evaluate(act, 2024, dt.date(2024, 6, 15), [], records, metrics=empty)
    assert result.source == "records"
    assert result.status == ON_TRACK
    assert "нет данных" in str(result.note)


def _registry_with(key, kind, values_by_period, total_by_period=None):
    registry = MetricRegistry()
    registry.register(
        Metric(
            key=key,
            label="test",
            unit="",
            kind=kind,
            compute=lambda period, ids: {
                k: v for k, v in values_by_period.get(period.code, {}).items() if k in ids
            },
            total_fn=(lambda period, ids: (total_by_period or {}).get(period.code)),
        )
    )
    return registry


def test_every_month_rule_counts_months_with_a_report():
    act = Activity(
        schedule_kind="monthly",
        responsible="chro",
        due_month=12,
        metric_key="reports.cc_report_sent",
        target_rule="every_month",
    )
    totals = {"2024-01": 1, "2024-02": 1, "2024-03": 0, "2024-04": 1, "2024-05": 1}
    registry = _registry_with("reports.cc_report_sent", FLOW, {}, totals)
    result = evaluate(act, 2024, dt.date(2024, 6, 15), [1], metrics=registry)
    assert result.source == "metric"
    assert result.status == AT_RISK  # March is missing
    assert result.value == 4


def test_share_of_ppos_with_news_this_quarter():
    act = Activity(
        schedule_kind="permanent",
        responsible="each_ppo",
        due_month=12,
        metric_key="ppo.publications_approved",
        target_rule="share_of_ppos",
        target_value=1,
    )
    values = {"2024-Q2": {1: 3, 2: 0, 3: 1, 4: 2}}
    registry = _registry_with("ppo.publications_approved", FLOW, values)
    result = evaluate(act, 2024, dt.date(2024, 5, 20), [1, 2, 3, 4], metrics=registry)
    assert result.progress == 0.75
    assert result.status == AT_RISK
    # Early in a quarter the quarter just ended is judged (no data for Q1 here: records).
    early = evaluate(act, 2024, dt.date(2024, 4, 3), [1, 2, 3, 4], metrics=registry)
    assert early.source == "records"


def test_budget_share_at_least_five_percent():
    act = Activity(
        schedule_kind="period",
        year_from=2023,
        year_to=2025,
        responsible="chro",
        due_month=12,
        metric_key="ppo.chro_info_budget_share",
        target_rule="at_least",
        target_value=5,
    )
    registry = _registry_with("ppo.chro_info_budget_share", FLOW, {}, {"2024": 4})
    result = evaluate(act, 2024, dt.date(2024, 12, 1), [1], metrics=registry)
    assert result.progress == pytest.approx(0.8)
    assert result.status == AT_RISK
    registry = _registry_with("ppo.chro_info_budget_share", STOCK, {}, {"2024-12": 6})
    assert evaluate(act, 2024, dt.date(2025, 2, 1), [1], metrics=registry).status == DONE


@pytest.mark.django_db
def test_execution_record_requires_evidence():
    from django.core.exceptions import ValidationError

    act = Activity.objects.filter(responsible="chro").first()
    record = ExecutionRecord(activity=act, date=dt.date(2024, 1, 1), text="Сделано")
    with pytest.raises(ValidationError, match="Приложите подтверждение") as info:
        record.full_clean()
    assert list(info.value.message_dict) == ["evidence_url"]


@pytest.mark.django_db
def test_programme_metrics_count_per_ppo_in_one_query(django_assert_num_queries):
    from portal.metrics import registry
    from portal.periods import Period
    from programme.models import Attendance, Training

    a, b = OrganizationFactory.create_batch(2)
    line = Activity.objects.filter(responsible="each_ppo").first()
    ExecutionRecord.objects.create(
        activity=line,
        organization=a,
        date=dt.date(2025, 3, 2),
        text="x",
        evidence_url="https://example.org/1",
    )
    training = Training.objects.create(date=dt.date(2025, 3, 5), topic="t", format="video")
    Attendance.objects.create(training=training, user=UserFactory(), organization=b)
    month = Period.month(2025, 3)
    with django_assert_num_queries(1):
        records = registry.get("programme.execution_records").values(month, [a.pk, b.pk])
    assert records == {a.pk: 1, b.pk: 0}
    attendance = registry.get("programme.training_attendance").values(month, [a.pk, b.pk])
    assert attendance == {a.pk: 0, b.pk: 1}
