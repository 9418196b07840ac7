"""Metrics of the programme (see portal.metrics). One aggregated query per metric."""

from django.db.models import Count

from portal.metrics import FLOW, metric

from .models import Attendance, CommissionMeeting, ExecutionRecord, PresidiumReport, Training


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
        Attendance.objects.order_by()
        .filter(
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


def _in_period(queryset, field, period):
    return queryset.filter(**{f"{field}__gte": period.first_day, f"{field}__lte": period.last_day})


@metric(
    "programme.trainings_held",
    label="Семинары и обучение ответственных, проведённые",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _in_period(Training.objects, "date", period).count(),
)
def trainings_held(period, organization_ids):
    return {}


def _trained(period, organization_ids) -> set[int]:
    return set(
        Attendance.objects.order_by()
        .filter(
            organization_id__in=organization_ids,
            attended=True,
            training__date__gte=period.first_day,
            training__date__lte=period.last_day,
        )
        .values_list("organization_id", flat=True)
    )


def _trained_share(period, organization_ids):
    ids = list(organization_ids)
    if not ids:
        return None
    # The population as a subquery, not thousands of ids in the query's text.
    return round(100 * len(_trained(period, organization_ids)) / len(ids), 1)


@metric(
    "programme.training_ppo_share",
    label="Доля ППО, чей председатель или ответственный был на обучении",
    unit="%",
    kind=FLOW,
    total=_trained_share,
    description="ППО периода, от которых кто-то присутствовал на семинаре или обучении.",
)
def training_ppo_share(period, organization_ids):
    trained = _trained(period, organization_ids)
    return {pk: 100 * int(pk in trained) for pk in organization_ids}


@metric(
    "programme.commission_meetings",
    label="Заседания комиссии по информационной работе",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _in_period(CommissionMeeting.objects, "date", period).count(),
)
def commission_meetings(period, organization_ids):
    return {}


@metric(
    "programme.presidium_reports",
    label="Отчёты Президиуму о ходе программы",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: (
        _in_period(PresidiumReport.objects, "as_of", period).values("as_of").distinct().count()
    ),
    description="Сохранённые отчёты о ходе программы по датам, на которые они составлены.",
)
def presidium_reports(period, organization_ids):
    return {}
