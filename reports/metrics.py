"""Metrics of the reports app (see portal.metrics). One aggregated query per metric."""

import functools
import operator

from django.db.models import Count, F, Q, Sum

from portal.metrics import FLOW, STOCK, latest_of_each, metric
from portal.periods import Period
from ppo.models import PrimaryOrganization

from .models import (
    CentralCommitteeReport,
    PpoMonthlyReport,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)


def _filed_reports(period: Period, organization_ids: list[int]):
    # No ordering: the model's (by the PPO's name) would join the PPOs into every aggregate.
    return PpoMonthlyReport.objects.order_by().filter(
        organization_id__in=organization_ids,
        month__gte=period.first_day,
        month__lte=period.last_day,
        first_submitted_at__isnull=False,
    )


@metric(
    "reports.monthly_report_on_time",
    label="Ежемесячные отчёты, сданные в срок",
    unit="шт.",
    kind=FLOW,
    description="За месяц: 1 — отчёт сдан до срока, 0 — сдан позже или не сдан.",
)
def monthly_report_on_time(period, organization_ids):
    result = dict.fromkeys(organization_ids, 0)  # a report not filed in time is a fact
    for report in _filed_reports(period, organization_ids).only(
        "organization_id", "month", "first_submitted_at"
    ):
        if report.is_on_time:
            result[report.organization_id] += 1
    return result


@metric(
    "reports.monthly_reports_filed",
    label="Ежемесячные отчёты, сданные ППО",
    unit="шт.",
    kind=FLOW,
)
def monthly_reports_filed(period, organization_ids):
    result = dict.fromkeys(organization_ids, 0)
    for organization_id in _filed_reports(period, organization_ids).values_list(
        "organization_id", flat=True
    ):
        result[organization_id] += 1
    return result


@metric(
    "reports.social_posts",
    label="Публикации ППО в социальных сетях (по ежемесячным отчётам)",
    unit="шт.",
    kind=FLOW,
)
def social_posts(period, organization_ids):
    # A PPO that filed no report for the period is unknown, not zero.
    result: dict[int, int] = {}
    rows = _filed_reports(period, organization_ids).values_list("organization_id", "social_posts")
    for organization_id, text in rows:
        links = sum(1 for line in text.splitlines() if line.strip())
        result[organization_id] = result.get(organization_id, 0) + links
    return result


@metric(
    "reports.union_page_months",
    label="Месяцы с проверенной и обновлённой профсоюзной страницей на сайте медорганизации",
    unit="мес.",
    kind=FLOW,
)
def union_page_months(period, organization_ids):
    result = dict.fromkeys(organization_ids, 0)
    rows = _filed_reports(period, organization_ids).filter(
        union_page_checked=True, union_page_updated=True
    )
    for organization_id in rows.values_list("organization_id", flat=True):
        result[organization_id] += 1
    return result


@metric(
    "reports.survey_score",
    label="Оценка информационных ресурсов ППО (по анкете)",
    unit="%",
    kind=STOCK,
    description="Доля баллов за ответы «да» в последней отправленной оценочной анкете.",
)
def survey_score(period, organization_ids):
    responses = (
        SurveyResponse.objects.filter(
            organization_id__in=organization_ids,
            survey__feeds_score=True,
            submitted_at__lt=period.end,
        )
        .order_by("submitted_at")
        .values_list("organization_id", "survey_id", "answers")
    )
    # Oldest first, so each PPO keeps its latest response (portable: no DISTINCT ON in SQLite).
    latest = {org: (survey, answers) for org, survey, answers in responses}
    scores: dict[int, dict[int, int]] = {}
    for survey_id, question_id, score in SurveyQuestion.objects.filter(
        survey_id__in={survey for survey, _ in latest.values()}, kind="yes_no", score__gt=0
    ).values_list("survey_id", "pk", "score"):
        scores.setdefault(survey_id, {})[question_id] = score
    result = {}
    for org, (survey, answers) in latest.items():
        possible = sum(scores.get(survey, {}).values())
        if possible:
            got = sum(s for q, s in scores[survey].items() if answers.get(str(q)) is True)
            result[org] = round(100 * got / possible, 1)
    return result


def _cc_reports_sent(period, organization_ids):
    return CentralCommitteeReport.objects.filter(
        month__gte=period.first_day, month__lte=period.last_day, status="sent"
    ).count()


@metric(
    "reports.cc_report_sent",
    label="Ежемесячный отчёт в ЦК отправлен",
    unit="шт.",
    kind=FLOW,
    total=_cc_reports_sent,
    description="Итог по организации: за месяц — 1, если отчёт в ЦК отправлен; за год — "
    "число месяцев.",
)
def cc_report_sent(period, organization_ids):
    # A report of the ЧРО as a whole: the metric has a total only.
    return {}


def _latest_copies(period: Period, organization_ids, fields) -> dict[int, int]:
    """Copies of the given periodicals in each PPO's last filed report on or before the period's
    end (a stock: subscriptions last for months)."""
    copies = functools.reduce(operator.add, (F(name) for name in fields))
    rows = latest_of_each(
        PrimaryOrganization.objects.filter(pk__in=organization_ids),
        PpoMonthlyReport.objects.filter(
            month__lte=period.last_day, first_submitted_at__isnull=False
        ),
        owner="organization",
        order="month",
        copies=copies,
    ).values_list("pk", "copies")
    return {org: copies for org, copies in rows if copies is not None}


def _copies_metric(key: str, label: str, fields: tuple[str, ...]):
    def values(period, organization_ids):
        return _latest_copies(period, organization_ids, fields)

    return metric(
        key,
        label=label,
        unit="экз.",
        kind=STOCK,
        description="По последнему сданному ежемесячному отчёту ППО на конец периода.",
    )(values)


_copies_metric(
    "reports.newspaper_copies",
    "Профсоюзные газеты и журналы, которые получает ППО (по ежемесячным отчётам)",
    (
        "subscriptions_solidarnost",
        "subscriptions_vremya",
        "subscriptions_puls",
        "subscriptions_tema",
    ),
)
_copies_metric(
    "reports.solidarnost_vremya_copies",
    "Подписка на газеты «Солидарность» и «Время» (по ежемесячным отчётам ППО)",
    ("subscriptions_solidarnost", "subscriptions_vremya"),
)
_copies_metric(
    "reports.puls_tema_copies",
    "Получают «Пульс Профсоюза» и «Профсоюзную тему» (по ежемесячным отчётам ППО)",
    ("subscriptions_puls", "subscriptions_tema"),
)


@metric(
    "reports.stand_updates",
    label="Обновления профсоюзного стенда ППО (по ежемесячным отчётам)",
    unit="раз",
    kind=FLOW,
)
def stand_updates(period, organization_ids):
    # A PPO that filed no report for the period is unknown, not zero.
    rows = (
        _filed_reports(period, organization_ids)
        .values("organization_id")
        .annotate(n=Sum("stand_updates"))
        .values_list("organization_id", "n")
    )
    return dict(rows)


def _union_page_checked(period, organization_ids) -> dict[int, int]:
    rows = (
        _filed_reports(period, organization_ids)
        .values("organization_id")
        .annotate(checked=Count("pk", filter=Q(union_page_checked=True)))
        .values_list("organization_id", "checked")
    )
    return {org: int(checked > 0) for org, checked in rows}


def _union_page_checked_share(period, organization_ids):
    ids = list(organization_ids)
    if not ids:
        return None
    flags = _union_page_checked(period, organization_ids)  # the population as a subquery
    if not flags:
        return None
    return round(100 * sum(flags.values()) / len(ids), 1)


@metric(
    "reports.union_page_checked",
    label="ППО, чья профсоюзная страница на сайте медорганизации проверена за период",
    unit="да/нет",
    kind=FLOW,
    total=_union_page_checked_share,
    description="По ежемесячным отчётам ППО; итог — доля ППО периода (%).",
)
def union_page_checked(period, organization_ids):
    return _union_page_checked(period, organization_ids)


def _surveys_due(period):
    return Survey.objects.filter(
        is_published=True, deadline__gte=period.first_day, deadline__lte=period.last_day
    )


@metric(
    "reports.surveys_held",
    label="Анкетирования ППО, проведённые (по сроку ответа)",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _surveys_due(period).count(),
)
def surveys_held(period, organization_ids):
    return {}


def _answered(period, organization_ids) -> set[int]:
    return set(
        SurveyResponse.objects.filter(
            organization_id__in=organization_ids,
            submitted_at__lt=period.end,
            survey__in=_surveys_due(period),
        ).values_list("organization_id", flat=True)
    )


def _answered_share(period, organization_ids):
    ids = list(organization_ids)
    if not ids or not _surveys_due(period).exists():
        return None
    return round(100 * len(_answered(period, organization_ids)) / len(ids), 1)


@metric(
    "reports.survey_answered",
    label="ППО, ответившие на анкеты",
    unit="да/нет",
    kind=FLOW,
    total=_answered_share,
    description="Анкеты со сроком ответа в периоде; итог — доля ППО периода (%), ответивших "
    "хотя бы на одну.",
)
def survey_answered(period, organization_ids):
    answered = _answered(period, organization_ids)
    return {pk: int(pk in answered) for pk in organization_ids}
