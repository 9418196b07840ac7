"""Metrics of the programme (see portal.metrics). One aggregated query per metric."""

from django.db.models import Count

from portal.metrics import FLOW, metric

from .models import Attendance, ExecutionRecord


@metric(
    "programme.execution_records",
    label="Отметки об исполнении программы",
    unit="шт.",
    kind=FLOW,
)
def execution_records(period, organization_ids):
    rows = (
        ExecutionRecord.objects.filter(
            organization_id__in=organization_ids,
            date__gte=period.first_day,
            date__lte=period.last_day,
        )
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    result = dict.fromkeys(organization_ids, 0)  # no record is a fact
    result.update({row["organization_id"]: row["n"] for row in rows})
    return result


@metric(
    "programme.training_attendance",
    label="Участие в обучении ответственных",
    unit="чел.",
    kind=FLOW,
)
def training_attendance(period, organization_ids):
    rows = (
        Attendance.objects.filter(
            organization_id__in=organization_ids,
            attended=True,
            training__date__gte=period.first_day,
            training__date__lte=period.last_day,
        )
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    result = dict.fromkeys(organization_ids, 0)
    result.update({row["organization_id"]: row["n"] for row in rows})
    return result
