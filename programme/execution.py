"""The programme's execution as plain data (numbers, strings, dates), ready to be frozen into a
final result or a saved Presidium report, or shown at once.

Every figure comes from the programme's progress code (``progress``/``selectors``) and the metric
registry; nothing is recomputed here differently from the dashboard."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from portal.metrics import FLOW, registry
from portal.periods import Period

from . import progress, selectors
from .models import ExecutionRecord, Programme

RECORDS_PER_LINE = 5


def _evaluation(evaluation: progress.Evaluation) -> dict:
    return {
        "status": evaluation.status,
        "status_label": str(evaluation.status_label),
        "percent": evaluation.percent,
        "source": evaluation.source,
        "note": str(evaluation.note),
        "value": evaluation.value,
    }


def _year_and_day(programme: Programme, as_of: dt.date) -> tuple[int, dt.date]:
    year = min(max(as_of.year, programme.year_from), programme.year_to)
    return year, as_of


def _done_by_line(programme: Programme, as_of: dt.date) -> dict[int, dict]:
    """What was done on each line up to ``as_of``: the ЧРО's latest records and the number of
    PPOs with a record (one query)."""
    rows = (
        ExecutionRecord.objects.filter(
            activity__measure__section__programme=programme, date__lte=as_of
        )
        .order_by("activity_id", "-date", "-pk")
        .values_list("activity_id", "organization_id", "date", "text")
    )
    result: dict[int, dict] = defaultdict(lambda: {"records": [], "ppos": set(), "count": 0})
    for activity_id, organization_id, date, text in rows:
        entry = result[activity_id]
        entry["count"] += 1
        if organization_id is not None:
            entry["ppos"].add(organization_id)
        if len(entry["records"]) < RECORDS_PER_LINE:
            entry["records"].append({"date": date.isoformat(), "text": text})
    return result


def _metric_value(metric, period: Period, organization_ids: list[int]) -> float | None:
    value = metric.total(period, organization_ids)
    return None if value is None else float(value)


def indicators(programme: Programme, as_of: dt.date, organization_ids: list[int]) -> list[dict]:
    """Each indicator's start value (the baseline, or the metric in the programme's first month),
    its yearly targets, its value at the end of each year that has begun, and its end value."""
    result = []
    last_month = Period.month(as_of.year, as_of.month)
    for indicator in programme.indicators.prefetch_related("targets").order_by("number"):
        metric = registry.get(indicator.metric_key) if indicator.metric_key in registry else None
        targets = {str(t.year): float(t.value) for t in indicator.targets.all()}
        yearly: dict[str, float | None] = {}
        start = float(indicator.baseline_value) if indicator.baseline_value is not None else None
        if metric is not None:
            if start is None:
                first = Period.month(programme.year_from, 1)
                start = _metric_value(metric, first, organization_ids)
            for year in programme.years:
                if year > as_of.year:
                    break
                end_month = Period.month(year, 12) if year < as_of.year else last_month
                if metric.kind == FLOW:
                    # A flow's yearly value is its total from January (as the targets are set).
                    months = [Period.month(year, m) for m in range(1, end_month.index + 1)]
                    totals = [metric.total(month, organization_ids) for month in months]
                    known_totals = [float(t) for t in totals if t is not None]
                    yearly[str(year)] = sum(known_totals) if known_totals else None
                else:
                    yearly[str(year)] = _metric_value(metric, end_month, organization_ids)
        known = [v for v in yearly.values() if v is not None]
        result.append(
            {
                "number": indicator.number,
                "title": indicator.title,
                "unit": indicator.unit,
                "registered": metric is not None,
                "baseline_year": indicator.baseline_year,
                "start": start,
                "targets": targets,
                "values": yearly,
                "end": known[-1] if known else None,
                "end_target": targets.get(str(min(as_of.year, programme.year_to))),
            }
        )
    return result


def ppo_results(programme: Programme, year: int, as_of: dt.date, organizations) -> list[dict]:
    """Each PPO's results on the lines every PPO carries out, judged for that PPO alone."""
    activities = list(selectors.ppo_activities(programme))
    own: dict[tuple[int, int], list] = defaultdict(list)
    for activity_id, organization_id, date in ExecutionRecord.objects.filter(
        activity__in=activities, organization__isnull=False, date__lte=as_of
    ).values_list("activity_id", "organization_id", "date"):
        own[(organization_id, activity_id)].append((organization_id, date))
    ends_on = dt.date(programme.year_to, 12, 31)
    result = []
    for organization in organizations:
        lines = []
        for activity in activities:
            evaluation = progress.evaluate_activity(
                activity,
                year,
                today=as_of,
                starts_on=programme.approved_on,
                ends_on=ends_on,
                records=own.get((organization.pk, activity.pk), []),
                organization_ids=[organization.pk],
            )
            lines.append({"activity": activity.pk, **_evaluation(evaluation)})
        done = [line for line in lines if line["percent"] is not None]
        overall = round(sum(line["percent"] for line in done) / len(done)) if done else None
        result.append(
            {
                "id": organization.pk,
                "name": organization.short_name,
                "percent": overall,
                "done": sum(1 for line in lines if line["status"] == progress.DONE),
                "lines": lines,
            }
        )
    return result


def programme_execution(programme: Programme, *, as_of: dt.date, with_ppos: bool = False) -> dict:
    """The programme's execution as of a date, as plain data."""
    year, today = _year_and_day(programme, as_of)
    organizations = selectors.organizations_of_year(year)
    organization_ids = [o.pk for o in organizations]
    tree = selectors.programme_tree(
        programme, year, today=today, organization_ids=organization_ids, until=as_of
    )
    done = _done_by_line(programme, as_of)
    sections = []
    for section_node in tree.children:
        section = section_node.item
        measures = []
        for measure_node in section_node.children:
            measure = measure_node.item
            lines = []
            for activity_node in measure_node.children:
                activity = activity_node.item
                entry = done.get(activity.pk, {"records": [], "ppos": set(), "count": 0})
                lines.append(
                    {
                        "id": activity.pk,
                        "code": f"{section.number}.{measure.number}.{activity.order}",
                        "text": activity.text,
                        "schedule": activity.schedule_text
                        or str(activity.get_schedule_kind_display()),
                        "responsible": activity.responsible,
                        "metric_key": activity.metric_key,
                        "records": entry["records"],
                        "records_count": entry["count"],
                        "ppos_with_records": len(entry["ppos"]),
                        **_evaluation(activity_node.evaluation),
                    }
                )
            measures.append(
                {
                    "id": measure.pk,
                    "code": f"{section.number}.{measure.number}",
                    "title": measure.title,
                    **_evaluation(measure_node.evaluation),
                    "lines": lines,
                }
            )
        sections.append(
            {
                "number": section.number,
                "title": section.title,
                **_evaluation(section_node.evaluation),
                "measures": measures,
            }
        )
    data = {
        "programme": {
            "id": programme.pk,
            "title": programme.title,
            "year_from": programme.year_from,
            "year_to": programme.year_to,
            "approved_by": programme.approved_by,
        },
        "as_of": as_of.isoformat(),
        "year": year,
        "organizations_count": len(organization_ids),
        "overall": _evaluation(tree.evaluation),
        "sections": sections,
        "indicators": indicators(programme, as_of, organization_ids),
    }
    if with_ppos:
        data["ppos"] = ppo_results(programme, year, as_of, organizations)
    return data
