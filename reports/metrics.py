"""Metrics of the reports app (see portal.metrics). One aggregated query per metric."""

from portal.metrics import FLOW, STOCK, metric
from portal.periods import Period

from .models import CentralCommitteeReport, PpoMonthlyReport, SurveyQuestion, SurveyResponse


def _filed_reports(period: Period, organization_ids: list[int]):
    return PpoMonthlyReport.objects.filter(
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
    description="Итог по ЧРО: за месяц — 1, если отчёт в ЦК отправлен; за год — число месяцев.",
)
def cc_report_sent(period, organization_ids):
    # A report of the ЧРО as a whole: the metric has a total only.
    return {}
