"""Celery tasks of the reports app: thin wrappers over services."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.mail import mail_send_once
from portal.notifications import render_email
from portal.periods import MOSCOW, Period

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (OSError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(soft_time_limit=300, time_limit=360, **RETRY)
def compile_cc_report(month: str | None = None) -> int | None:
    """Compile the report to the Central Committee for ``month`` (YYYY-MM; default: the
    previous month, Moscow time). Returns the report's id, None if it was already sent."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from .services import cc_report_compile

    period = Period.parse_month(month) if month else Period.current_month().previous()
    try:
        report = cc_report_compile(period=period)
    except ValidationError as error:
        logger.info("CC report for %s not compiled: %s", period.code, " ".join(error.messages))
        return None
    # Staff review it and send it from the portal.
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    emails = list(staff.exclude(email="").values_list("email", flat=True))
    path = reverse("reports:cc_detail", kwargs={"pk": report.pk})
    # One mail per person and compilation: a retry skips those already mailed.
    for email in emails:
        mail_send_once(
            key=f"reports.cc_compiled:{report.pk}:{report.compile_count}",
            email=email,
            build=lambda to: render_email(
                "reports/email/cc_compiled", {"report": report, "path": path}, to=[to]
            ),
        )
    return report.pk


@shared_task(soft_time_limit=60, time_limit=90, **RETRY)
def send_cc_report(report_id: int) -> None:
    from .models import CentralCommitteeReport
    from .xlsx import cc_report_workbook

    report = CentralCommitteeReport.objects.filter(pk=report_id, status="sent").first()
    if report is None or report.emailed_at:
        return

    def build(to):
        message = render_email("reports/email/cc_report", {"report": report}, to=[to])
        message.attach(
            report.filename,
            cc_report_workbook(report),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        return message

    mail_send_once(key=f"reports.cc_report:{report.pk}", email=report.sent_to, build=build)
    report.emailed_at = timezone.now()
    report.save(update_fields=["emailed_at"])


@shared_task(soft_time_limit=120, time_limit=180, **RETRY)
def send_monthly_report_reminders() -> int:
    """Run daily; the service decides whether today is a reminder day (the 1st, the day
    before the deadline) and who has not filed."""
    from .services import monthly_report_remind_in_portal, reminder_recipients

    today = timezone.localtime(timezone.now(), MOSCOW).date()
    # In the portal as well (the bell), once a day whatever the mail does.
    monthly_report_remind_in_portal(today)
    sent = 0
    for email, organization, period in reminder_recipients(today):
        # One reminder per officer, PPO, month and day: a retry mails only those not reached.
        sent += mail_send_once(
            key=f"reports.reminder:{period.code}:{today.isoformat()}:{organization}"[:200],
            email=email,
            build=lambda to, organization=organization, period=period: render_email(
                "reports/email/reminder",
                {"organization": organization, "period": period},
                to=[to],
            ),
        )
    return sent


@shared_task(soft_time_limit=120, time_limit=180, **RETRY)
def send_survey_deadline_reminders() -> int:
    """Run daily: the PPOs that have not answered a survey due in a few days (or today) are
    reminded in the portal and by e-mail (``services.survey_deadline_reminders``)."""
    from .services import survey_deadline_reminders

    return survey_deadline_reminders(timezone.localtime(timezone.now(), MOSCOW).date())


@shared_task(soft_time_limit=600, time_limit=660, **RETRY)
def compute_rating(year: int | None = None) -> int:
    """Compute the rating of ``year`` (default: the previous year, Moscow time); a year with no
    criteria gets the default scheme first. Returns the number of PPOs rated."""
    from .models import RatingCriterion
    from .services import rating_compute, rating_default_scheme

    year = year or timezone.localtime(timezone.now(), MOSCOW).year - 1
    if not RatingCriterion.objects.filter(year=year).exists():
        rating_default_scheme(year=year)
    try:
        return len(rating_compute(year=year))
    except ValidationError as error:
        # Published already: it is followed by a corrected version, made by staff.
        logger.info("Rating of %s not computed: %s", year, " ".join(error.messages))
        return 0


@shared_task(soft_time_limit=1200, time_limit=1260, **RETRY)
def check_frozen_outputs() -> dict:
    """Recompute the current CC reports, ratings and accepted monthly reports and store what
    changed in their data, for the lists and the dashboard."""
    from .services import frozen_outputs_check

    return frozen_outputs_check()


@shared_task(soft_time_limit=600, time_limit=660, **RETRY)
def compute_rating_preview(year: int, user_id: int | None = None) -> int | None:
    """Staff's «Рассчитать рейтинг»: compute the year's draft with its progress recorded.
    Returns the computed version's id (None when there was nothing to compute)."""
    from django.contrib.auth import get_user_model

    from .services import rating_preview_compute

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    rating_run = rating_preview_compute(year=year, user=user)
    return rating_run.pk if rating_run else None
