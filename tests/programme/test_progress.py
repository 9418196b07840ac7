"""The schedule logic against fixed dates, weights and the roll-up (pure functions)."""

import datetime as dt
from decimal import Decimal

import pytest

from programme import progress
from programme.models import Activity
from programme.progress import (
    AT_RISK,
    BEHIND,
    DONE,
    NOT_STARTED,
    ON_TRACK,
    Evaluation,
    WeightError,
    evaluate_activity,
    normalise_weights,
    rollup,
    schedule_slots,
)

STARTS = dt.date(2023, 10, 12)
ENDS = dt.date(2025, 12, 31)


def activity(kind, *, responsible="chro", year_from=None, year_to=None, due_month=12, **kw):
    return Activity(
        schedule_kind=kind,
        responsible=responsible,
        year_from=year_from,
        year_to=year_to,
        due_month=due_month,
        weight=1,
        **kw,
    )


def evaluate(act, year, today, records=(), organization_ids=()):
    return evaluate_activity(
        act,
        year,
        today=today,
        starts_on=STARTS,
        ends_on=ENDS,
        records=list(records),
        organization_ids=list(organization_ids),
    )


class TestAnnual:
    def test_before_due_date_without_record_is_on_track(self):
        act = activity("annual", due_month=6)
        result = evaluate(act, 2024, dt.date(2024, 3, 1))
        assert result.status == ON_TRACK
        assert result.progress == 0

    def test_close_to_due_date_without_record_is_at_risk(self):
        act = activity("annual", due_month=6)
        assert evaluate(act, 2024, dt.date(2024, 5, 20)).status == AT_RISK

    def test_after_due_date_without_record_is_behind(self):
        act = activity("annual", due_month=6)
        assert evaluate(act, 2024, dt.date(2024, 7, 1)).status == BEHIND

    def test_a_record_this_year_makes_it_done(self):
        act = activity("annual", due_month=6)
        result = evaluate(act, 2024, dt.date(2024, 7, 1), records=[(None, dt.date(2024, 5, 3))])
        assert (result.status, result.progress) == (DONE, 1.0)

    def test_last_years_record_does_not_count(self):
        act = activity("annual")
        result = evaluate(act, 2025, dt.date(2026, 1, 10), records=[(None, dt.date(2024, 5, 3))])
        assert result.status == BEHIND

    def test_a_past_year_is_judged_after_its_end(self):
        act = activity("annual")
        assert evaluate(act, 2024, dt.date(2025, 2, 1)).status == BEHIND


class TestMonthly:
    def test_one_missing_month_is_at_risk(self):
        act = activity("monthly")
        records = [(None, dt.date(2024, m, 3)) for m in (1, 2, 4, 5)]  # March is missing
        result = evaluate(act, 2024, dt.date(2024, 6, 15), records=records)
        assert result.status == AT_RISK
        assert result.progress == pytest.approx(4 / 12)

    def test_every_month_so_far_is_on_track(self):
        act = activity("monthly")
        records = [(None, dt.date(2024, m, 3)) for m in range(1, 6)]
        assert evaluate(act, 2024, dt.date(2024, 6, 15), records=records).status == ON_TRACK

    def test_a_month_is_not_due_before_its_grace_days(self):
        act = activity("monthly")
        records = [(None, dt.date(2024, m, 3)) for m in range(1, 5)]  # May not yet recorded
        assert evaluate(act, 2024, dt.date(2024, 6, 5), records=records).status == ON_TRACK
        assert evaluate(act, 2024, dt.date(2024, 6, 11), records=records).status == AT_RISK

    def test_many_missing_months_are_behind(self):
        act = activity("monthly")
        records = [(None, dt.date(2024, 1, 3))]
        assert evaluate(act, 2024, dt.date(2024, 6, 15), records=records).status == BEHIND

    def test_programme_starts_in_october_2023(self):
        slots = schedule_slots(activity("monthly"), 2023, starts_on=STARTS, ends_on=ENDS)
        assert [s.end.month for s in slots] == [10, 11, 12]
        assert slots[0].start == STARTS


class TestPeriods:
    def test_a_2024_2025_activity_viewed_in_2023_is_not_started(self):
        act = activity("period", year_from=2024, year_to=2025)
        result = evaluate(act, 2023, dt.date(2023, 11, 1))
        assert (result.status, result.progress) == (NOT_STARTED, None)

    def test_the_same_activity_in_2024(self):
        act = activity("period", year_from=2024, year_to=2025)
        assert evaluate(act, 2024, dt.date(2024, 3, 1)).status == ON_TRACK
        assert evaluate(act, 2024, dt.date(2025, 1, 5)).status == BEHIND
        done = evaluate(act, 2024, dt.date(2025, 1, 5), records=[(None, dt.date(2024, 9, 1))])
        assert done.status == DONE

    def test_a_one_year_activity_keeps_its_verdict_afterwards(self):
        act = activity("during_year", year_from=2023, year_to=2023)
        records = [(None, dt.date(2023, 11, 20))]
        assert evaluate(act, 2025, dt.date(2025, 3, 1), records=records).status == DONE
        assert evaluate(act, 2025, dt.date(2025, 3, 1)).status == BEHIND

    def test_future_year_is_not_started(self):
        act = activity("permanent")
        assert evaluate(act, 2025, dt.date(2024, 6, 1)).status == NOT_STARTED

    def test_permanent_expects_a_trace_every_quarter(self):
        act = activity("permanent")
        records = [(None, dt.date(2024, 2, 1)), (None, dt.date(2024, 5, 1))]
        assert evaluate(act, 2024, dt.date(2024, 7, 15), records=records).status == ON_TRACK
        assert evaluate(act, 2024, dt.date(2024, 10, 15), records=records).status == BEHIND


class TestEachPpo:
    def test_share_of_ppos_with_a_record(self):
        act = activity("annual", responsible="each_ppo")
        records = [(1, dt.date(2024, 3, 1)), (2, dt.date(2024, 4, 1)), (None, dt.date(2024, 4, 1))]
        result = evaluate(act, 2024, dt.date(2025, 1, 10), records, organization_ids=[1, 2, 3, 4])
        assert result.progress == 0.5
        assert result.status == BEHIND

    def test_all_ppos_done(self):
        act = activity("annual", responsible="each_ppo")
        records = [(1, dt.date(2024, 3, 1)), (2, dt.date(2024, 4, 1))]
        result = evaluate(act, 2024, dt.date(2024, 5, 1), records, organization_ids=[1, 2])
        assert result.status == DONE

    def test_records_of_an_inactive_ppo_do_not_count(self):
        act = activity("annual", responsible="each_ppo")
        records = [(9, dt.date(2024, 3, 1))]
        result = evaluate(act, 2024, dt.date(2024, 5, 1), records, organization_ids=[1])
        assert result.progress == 0


class TestWeights:
    def test_normalised_to_one(self):
        assert normalise_weights([1, 3]) == [0.25, 0.75]
        assert sum(normalise_weights([Decimal("2"), 5, 0])) == pytest.approx(1)

    def test_zero_sum_is_an_error(self):
        with pytest.raises(WeightError, match="Сумма весов"):
            normalise_weights([0, 0])

    def test_negative_is_an_error(self):
        with pytest.raises(WeightError, match="отрицательным"):
            normalise_weights([2, -1])


class TestRollup:
    def test_weighted_progress(self):
        result = rollup([(1, Evaluation(DONE, 1.0)), (3, Evaluation(ON_TRACK, 0.2))])
        assert result.progress == pytest.approx(0.25 + 0.75 * 0.2)
        assert result.status == ON_TRACK

    def test_not_started_and_zero_weight_do_not_count(self):
        result = rollup(
            [
                (1, Evaluation(DONE, 1.0)),
                (5, Evaluation(NOT_STARTED, None)),
                (0, Evaluation(BEHIND, 0.0)),
            ]
        )
        assert (result.status, result.progress) == (DONE, 1.0)

    def test_behind_when_a_quarter_of_the_weight_is_behind(self):
        children = [(1, Evaluation(BEHIND, 0.0)), (3, Evaluation(ON_TRACK, 0.5))]
        assert rollup(children).status == BEHIND
        children = [(1, Evaluation(BEHIND, 0.0)), (4, Evaluation(ON_TRACK, 0.5))]
        assert rollup(children).status == AT_RISK

    def test_nothing_in_scope_is_not_started(self):
        assert rollup([(1, Evaluation(NOT_STARTED, None))]).status == NOT_STARTED
        assert rollup([]).status == NOT_STARTED

    def test_status_labels_are_russian(self):
        assert str(progress.STATUS_LABELS[BEHIND]) == "отстаёт"


@pytest.mark.django_db
def test_admin_inline_refuses_all_zero_weights():
    from django.forms import inlineformset_factory

    from programme.admin import WeightedInlineFormSet
    from programme.models import Measure

    measure = Measure.objects.get(section__number="I", number=7)
    FormSet = inlineformset_factory(
        Measure, Activity, formset=WeightedInlineFormSet, fields=["weight"], extra=0
    )
    activities = list(measure.activities.order_by("pk"))
    data = {
        "activities-TOTAL_FORMS": str(len(activities)),
        "activities-INITIAL_FORMS": str(len(activities)),
    }
    for i, act in enumerate(activities):
        data[f"activities-{i}-id"] = str(act.pk)
        data[f"activities-{i}-weight"] = "0"
    formset = FormSet(data, instance=measure, prefix="activities")
    assert not formset.is_valid()
    assert "Сумма весов должна быть больше нуля" in str(formset.non_form_errors())
    data["activities-0-weight"] = "2"
    assert FormSet(data, instance=measure, prefix="activities").is_valid()
