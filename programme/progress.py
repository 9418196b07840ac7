"""How far the programme got: statuses and progress from facts, against a given ``today``.

Everything here is a function of its arguments (an activity's fields, the dates of its execution
records, the metric registry, ``today``), so the schedule logic is tested with fixed dates.

* An activity's year is cut into slots by its schedule: a month (ежемесячно), a quarter
  (постоянно: the work is expected to leave a trace every quarter), or the year (ежегодно, в
  течение года/периода, по календарному плану: once a year, by the end of ``due_month``).
* A slot's share is how much of it is fulfilled: 0 or 1 for the ЧРО's own line, the share of
  active PPOs with a record for a line every PPO carries out.
* An activity bound to a metric takes its progress from the metric instead (registry), and falls
  back to the records when the metric is not registered or has no data.
* Progress rolls up activity -> measure -> section -> programme with normalised weights.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from portal.metrics import STOCK
from portal.metrics import registry as default_registry
from portal.periods import Period

DONE = "done"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
BEHIND = "behind"
NOT_STARTED = "not_started"

STATUS_LABELS = {
    DONE: _("выполнено"),
    ON_TRACK: _("по плану"),
    AT_RISK: _("под угрозой"),
    BEHIND: _("отстаёт"),
    NOT_STARTED: _("не начато"),
}
STATUS_ORDER = [BEHIND, AT_RISK, ON_TRACK, DONE, NOT_STARTED]

MONTHLY_GRACE_DAYS = 10  # a month's work (a report) may be recorded in the first days after it
AT_RISK_SHARE = 0.75  # below this share of what was due the item is behind
WARNING_DAYS = 61  # an unfulfilled yearly or quarterly slot is at risk this close to its due date
BEHIND_WEIGHT_SHARE = 0.25  # a parent is behind when this much of its weight is behind
# A parent judged by what was due by the day: on track from 90 % of it done, behind below half.
ON_TRACK_DUE_SHARE = 0.9
BEHIND_DUE_SHARE = 0.5

CHRO = None  # the organization of the ЧРО's own records


class WeightError(ValueError):
    pass


@dataclass(frozen=True)
class Slot:
    start: dt.date
    end: dt.date
    due: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass
class Evaluation:
    status: str
    progress: float | None  # 0..1; None: not in scope this year (not started)
    source: str = "records"  # "metric" or "records"
    note: str = ""
    value: float | None = None  # the metric's value, when the source is a metric
    # What was due by the day judged, as shares of the year's work: ``due`` of it was due,
    # ``done_due`` of it is done (None: nothing known about the schedule, e.g. old callers).
    due: float | None = None
    done_due: float | None = None

    @property
    def due_share(self) -> float | None:
        """How much of what was due by that day is done (0..1); None when nothing was due."""
        if not self.due:
            return None
        return min(1.0, (self.done_due or 0.0) / self.due)

    @property
    def due_percent(self) -> int | None:
        share = self.due_share
        return None if share is None else round(100 * share)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(100 * self.progress)


@dataclass
class Node:
    """An item of the roll-up tree (programme, section, measure or activity) with its result."""

    item: object
    weight: int
    evaluation: Evaluation
    children: list[Node] = field(default_factory=list)


# --- Weights --------------------------------------------------------------------------------


def normalise_weights(weights: Sequence[int | float | Decimal]) -> list[float]:
    """Weights scaled to sum to 1. Negative weights or a zero sum are an error."""
    values = [float(w) for w in weights]
    if any(w < 0 for w in values):
        raise WeightError("Вес не может быть отрицательным.")
    total = sum(values)
    if total <= 0:
        raise WeightError("Сумма весов должна быть больше нуля.")
    return [w / total for w in values]


# --- Schedules ------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def active_years(activity, programme_years: tuple[int, int]) -> tuple[int, int]:
    if activity.schedule_kind in ("period", "during_year") and activity.year_from:
        return activity.year_from, activity.year_to or activity.year_from
    return programme_years


def schedule_slots(activity, year: int, *, starts_on: dt.date, ends_on: dt.date) -> list[Slot]:
    """The slots of ``year`` in which the activity is expected to leave a trace.

    ``starts_on``/``ends_on`` bound the programme (its approval date and its last day)."""
    first, last = active_years(activity, (starts_on.year, ends_on.year))
    if not first <= year <= last:
        return []
    window_start = max(dt.date(year, 1, 1), starts_on)
    slots = []
    kind = activity.schedule_kind
    if kind == "monthly":
        for month in range(1, 13):
            end = _month_end(year, month)
            if end >= window_start:
                start = max(dt.date(year, month, 1), window_start)
                slots.append(Slot(start, end, end + dt.timedelta(days=MONTHLY_GRACE_DAYS)))
    elif kind == "permanent":
        for quarter in range(4):
            end = _month_end(year, 3 * quarter + 3)
            if end >= window_start:
                start = max(dt.date(year, 3 * quarter + 1, 1), window_start)
                slots.append(Slot(start, end, end))
    else:
        due = _month_end(year, activity.due_month or 12)
        if due < window_start:
            due = dt.date(year, 12, 31)
        slots.append(Slot(window_start, due, due))
    return slots


def evaluate_slots(slots: Sequence[Slot], shares: Sequence[float], today: dt.date) -> Evaluation:
    """Status and progress of a year's slots, each fulfilled by ``share`` (0..1)."""
    if not slots or slots[0].start > today:
        return Evaluation(NOT_STARTED, None)
    progress = sum(min(s, 1.0) for s in shares) / len(slots)
    due = [share for slot, share in zip(slots, shares, strict=True) if slot.due < today]
    due_part = len(due) / len(slots)
    # What is done counts against what was due, early work on the line included (a report filed
    # before its deadline), but never more than was due.
    done_due = min(progress, due_part)
    if all(s >= 1 for s in shares):
        return Evaluation(DONE, 1.0, due=due_part, done_due=done_due)
    status = ON_TRACK
    if due:
        fulfilled = sum(min(s, 1.0) for s in due) / len(due)
        if fulfilled < AT_RISK_SHARE:
            status = BEHIND
        elif fulfilled < 1:
            status = AT_RISK
    if status == ON_TRACK:
        for slot, share in zip(slots, shares, strict=True):
            long_slot = (slot.end - slot.start).days > 62
            near_due = slot.start <= today <= slot.due and (slot.due - today).days <= WARNING_DAYS
            if long_slot and near_due and share < 1:
                status = AT_RISK
    return Evaluation(status, progress, due=due_part, done_due=done_due)


# --- Records --------------------------------------------------------------------------------


def record_shares(
    slots: Sequence[Slot],
    records: Iterable[tuple[int | None, dt.date]],
    *,
    for_each_ppo: bool,
    organization_ids: Sequence[int],
    today: dt.date,
) -> list[float]:
    """Share of each slot fulfilled by the records ``(organization_id or None, date)``."""
    records = [(org, day) for org, day in records if day <= today]
    shares = []
    for slot in slots:
        if for_each_ppo:
            active = set(organization_ids)
            done = {org for org, day in records if org in active and slot.contains(day)}
            shares.append(len(done) / len(active) if active else 0.0)
        else:
            done = any(org is CHRO and slot.contains(day) for org, day in records)
            shares.append(1.0 if done else 0.0)
    return shares


def evaluate_by_records(
    activity,
    year: int,
    *,
    today: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
    records: Iterable[tuple[int | None, dt.date]],
    organization_ids: Sequence[int],
) -> Evaluation:
    slots = schedule_slots(activity, year, starts_on=starts_on, ends_on=ends_on)
    shares = record_shares(
        slots,
        records,
        for_each_ppo=activity.responsible == "each_ppo",
        organization_ids=organization_ids,
        today=today,
    )
    return evaluate_slots(slots, shares, today)


# --- Metrics --------------------------------------------------------------------------------


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day a year is judged on: today for the current year, its last day for a past one."""
    return min(today, dt.date(year, 12, 31))


def stock_or_flow_period(metric, year: int, today: dt.date, *, flow_period: str) -> Period:
    day = reference_day(year, today)
    if metric.kind == STOCK:
        return Period.month(day.year, day.month)
    if flow_period == "year":
        return Period.for_year(year)
    quarter = Period.quarter(day.year, (day.month - 1) // 3 + 1)
    # Early in a quarter its flows are still thin: judge the quarter just ended instead.
    if day.month in (4, 7, 10) and year == today.year:
        quarter = quarter.previous()
    return quarter


def elapsed_share(year: int, day: dt.date) -> float:
    """The part of ``year`` gone by ``day`` (0..1): what a yearly target expects by then."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day >= last:
        return 1.0
    if day < first:
        return 0.0
    return ((day - first).days + 1) / ((last - first).days + 1)


def _status_of_share(share: float, *, year_over: bool) -> str:
    if share >= 1:
        return DONE if year_over else ON_TRACK
    if share >= AT_RISK_SHARE:
        return AT_RISK
    return BEHIND


def evaluate_by_metric(
    activity,
    year: int,
    *,
    today: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
    organization_ids: Sequence[int],
    metrics=default_registry,
) -> Evaluation | None:
    """The metric's verdict, or None when there is no metric or no data (fall back)."""
    key = activity.metric_key
    if not key or key not in metrics:
        return None
    metric = metrics.get(key)
    slots = schedule_slots(activity, year, starts_on=starts_on, ends_on=ends_on)
    if not slots or slots[0].start > today:
        return Evaluation(NOT_STARTED, None, source="metric")
    year_over = today > dt.date(year, 12, 31)
    target = float(activity.target_value) if activity.target_value is not None else None
    rule = activity.target_rule
    if rule == "every_month":
        months = [
            Slot(s, e, e + dt.timedelta(days=MONTHLY_GRACE_DAYS))
            for s, e in (
                (max(dt.date(year, m, 1), slots[0].start), _month_end(year, m))
                for m in range(1, 13)
            )
            if e >= slots[0].start
        ]
        totals = [
            metric.total(Period.month(year, slot.end.month), organization_ids)
            if slot.start <= today
            else None
            for slot in months
        ]
        if all(t is None for t in totals):
            return None
        shares = [1.0 if t else 0.0 for t in totals]
        result = evaluate_slots(months, shares, today)
        result.source = "metric"
        result.value = sum(shares)
        result.note = _("месяцев с данными: %(n)s") % {"n": int(sum(shares))}
        return result
    if rule == "at_least":
        period = stock_or_flow_period(metric, year, today, flow_period="year")
        value = metric.total(period, organization_ids)
        if value is None:
            return None
        value = float(value)
        share = 1.0 if not target else min(value / target, 1.0)
        # A flow is judged against the part of the yearly target due by the day (60 of 100
        # publications in July is on pace, not behind); a stock as it stands.
        due = elapsed_share(year, reference_day(year, today)) if metric.kind != STOCK else 1.0
        done_due = min(share, due)
        return Evaluation(
            _status_of_share(done_due / due if due else 1.0, year_over=year_over),
            share,
            source="metric",
            value=value,
            due=due,
            done_due=done_due,
            note=_("%(value)s при цели %(target)s (%(period)s)")
            % {"value": _fmt(value), "target": _fmt(target), "period": period},
        )
    if rule == "share_of_ppos":
        if not organization_ids:
            return None
        period = stock_or_flow_period(metric, year, today, flow_period="quarter")
        values = metric.values(period, organization_ids)
        if not values:
            return None
        threshold = target if target is not None else 1
        meeting = sum(1 for pk in organization_ids if float(values.get(pk, 0)) >= threshold)
        share = meeting / len(organization_ids)
        return Evaluation(
            _status_of_share(share, year_over=year_over),
            share,
            source="metric",
            value=meeting,
            due=1.0,
            done_due=share,
            note=_("ППО: %(meeting)s из %(total)s (%(period)s)")
            % {"meeting": meeting, "total": len(organization_ids), "period": period},
        )
    return None


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}".replace(".", ",")


def evaluate_activity(
    activity,
    year: int,
    *,
    today: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
    records: Iterable[tuple[int | None, dt.date]],
    organization_ids: Sequence[int],
    metrics=default_registry,
) -> Evaluation:
    """A metric-bound activity from its metric; otherwise (or with no data) from records."""
    # A line that ended before the year viewed keeps the verdict of its last year.
    effective = effective_year(activity, year, starts_on=starts_on, ends_on=ends_on)
    ended = effective != year
    year = effective
    common = {"today": today, "starts_on": starts_on, "ends_on": ends_on}
    result = evaluate_by_metric(
        activity, year, organization_ids=organization_ids, metrics=metrics, **common
    )
    if result is not None:
        if ended:
            result.note = _("срок истёк: итог %(year)s года") % {"year": year}
        return result
    result = evaluate_by_records(
        activity, year, records=records, organization_ids=organization_ids, **common
    )
    if activity.metric_key:
        result.note = _("показатель «%(key)s»: нет данных; по отметкам") % {
            "key": activity.metric_key
        }
    if ended:
        result.note = _("срок истёк: итог %(year)s года") % {"year": year}
    return result


def effective_year(activity, year: int, *, starts_on: dt.date, ends_on: dt.date) -> int:
    """The year a line is judged for: a line that ended before ``year`` keeps its last year's
    verdict."""
    _first, last = active_years(activity, (starts_on.year, ends_on.year))
    return min(year, last)


# --- Roll-up --------------------------------------------------------------------------------


def rollup(children: Sequence[tuple[int | float | Decimal, Evaluation]]) -> Evaluation:
    """A parent's result from its children's (weight, evaluation); not-started children and
    children of weight 0 do not count."""
    in_scope = [(w, e) for w, e in children if e.progress is not None and w > 0]
    if not in_scope:
        return Evaluation(NOT_STARTED, None, source="rollup")
    weights = normalise_weights([w for w, _ in in_scope])
    progress = sum(w * e.progress for w, (_, e) in zip(weights, in_scope, strict=True))
    statuses = [e.status for _, e in in_scope]
    behind = sum(w for w, (_, e) in zip(weights, in_scope, strict=True) if e.status == BEHIND)
    pairs = list(zip(weights, in_scope, strict=True))
    scheduled = [(w, e) for w, (_, e) in pairs if e.due is not None]
    due = sum(w * e.due for w, e in scheduled) if scheduled else None
    done_due = sum(w * (e.done_due or 0.0) for w, e in scheduled) if scheduled else None
    if scheduled and len(scheduled) == len(pairs):
        # Judged against what was due by the day: red only when less than half of it is done.
        share = done_due / due if due else None
        if all(s == DONE for s in statuses):
            status = DONE
        elif share is None or share >= ON_TRACK_DUE_SHARE:
            status = ON_TRACK
        elif share >= BEHIND_DUE_SHARE:
            status = AT_RISK
        else:
            status = BEHIND
        return Evaluation(status, progress, source="rollup", due=due, done_due=done_due)
    if all(s == DONE for s in statuses):
        status = DONE
    elif behind >= BEHIND_WEIGHT_SHARE:
        status = BEHIND
    elif BEHIND in statuses or AT_RISK in statuses:
        status = AT_RISK
    else:
        status = ON_TRACK
    return Evaluation(status, progress, source="rollup")


def build_tree(
    programme,
    sections: Sequence,
    year: int,
    *,
    today: dt.date,
    records_by_activity: dict[int, list[tuple[int | None, dt.date]]],
    organization_ids: Sequence[int],
    metrics=default_registry,
) -> Node:
    """The roll-up tree. ``sections`` carry ``measures_list`` and each measure ``activities_list``
    (prefetched), so building the tree reads no more rows."""
    starts_on = programme.approved_on
    ends_on = dt.date(programme.year_to, 12, 31)
    section_nodes = []
    for section in sections:
        measure_nodes = []
        for measure in section.measures_list:
            activity_nodes = [
                Node(
                    activity,
                    activity.weight,
                    evaluate_activity(
                        activity,
                        year,
                        today=today,
                        starts_on=starts_on,
                        ends_on=ends_on,
                        records=records_by_activity.get(activity.pk, []),
                        organization_ids=organization_ids,
                        metrics=metrics,
                    ),
                )
                for activity in measure.activities_list
            ]
            measure_nodes.append(
                Node(
                    measure,
                    measure.weight,
                    rollup([(n.weight, n.evaluation) for n in activity_nodes]),
                    activity_nodes,
                )
            )
        section_nodes.append(
            Node(
                section,
                section.weight,
                rollup([(n.weight, n.evaluation) for n in measure_nodes]),
                measure_nodes,
            )
        )
    return Node(
        programme, 1, rollup([(n.weight, n.evaluation) for n in section_nodes]), section_nodes
    )
