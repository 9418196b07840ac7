"""What a PPO must do in reports: monthly reports not filed or returned, surveys not answered."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.due import DueItem, registry
from portal.notifications import OFFICER, register_kind
from portal.periods import Period

from .models import PpoMonthlyReport, Survey, SurveyResponse, report_deadline
from .surveys import surveys_for

# Months before the current one that are still asked for (a year back, as the officer's list).
MONTHS_BACK = 12


def monthly_report_items(organization, today: dt.date) -> list[DueItem]:
    """Each finished month of the last year (since the PPO joined) whose report is not filed
    or was returned: one query."""
    current = Period.month(today.year, today.month)
    months = []
    month = current.previous()
    for _index in range(MONTHS_BACK):
        if organization.joined_on and month.last_day < organization.joined_on:
            break
        months.append(month)
        month = month.previous()
    if not months:
        return []
    reports = {
        report.month: report
        for report in PpoMonthlyReport.objects.filter(
            organization=organization,
            month__gte=months[-1].first_day,
            month__lte=months[0].first_day,
        ).only("month", "status", "first_submitted_at")
    }
    items = []
    for period in months:
        report = reports.get(period.first_day)
        deadline = report_deadline(period)
        url = reverse("reports:monthly_edit", kwargs={"year": period.year, "month": period.index})
        if report is not None and report.status == PpoMonthlyReport.Status.RETURNED:
            title = _("Доработать ежемесячный отчёт за %(month)s") % {"month": period}
            items.append(DueItem("reports:monthly", title, url, "reports", deadline, False))
        elif report is None or report.status == PpoMonthlyReport.Status.DRAFT:
            title = _("Сдать ежемесячный отчёт за %(month)s") % {"month": period}
            items.append(
                DueItem("reports:monthly", title, url, "reports", deadline, today > deadline)
            )
    return items


def survey_items(organization, today: dt.date) -> list[DueItem]:
    """Published surveys assigned to the PPO without its submitted answers: one query."""
    answered = SurveyResponse.objects.filter(
        survey=OuterRef("pk"), organization=organization, submitted_at__isnull=False
    )
    surveys = (
        surveys_for(organization)
        .annotate(answered=Exists(answered))
        .filter(answered=False)
        .only("pk", "title", "deadline")
    )
    return [
        DueItem(
            "reports:survey",
            _("Ответить на анкету «%(title)s»") % {"title": survey.title},
            reverse("reports:survey_answer", kwargs={"pk": survey.pk}),
            "reports",
            survey.deadline,
            today > survey.deadline,
        )
        for survey in surveys
    ]


def items(organization, today: dt.date) -> list[DueItem]:
    return monthly_report_items(organization, today) + survey_items(organization, today)


register_kind("reports:survey", gettext_lazy("Новая анкета для ППО"), audience=OFFICER)
register_kind(
    "reports:review", gettext_lazy("Ежемесячный отчёт принят или возвращён"), audience=OFFICER
)
register_kind(
    "reports:reminder", gettext_lazy("Напоминание о ежемесячном отчёте"), audience=OFFICER
)
register_kind(
    "reports:survey_reminder", gettext_lazy("Напоминание о сроке анкеты"), audience=OFFICER
)
registry.register("reports", items, watch=(PpoMonthlyReport, Survey, SurveyResponse))
