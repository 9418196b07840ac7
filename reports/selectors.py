"""Reads of reports: what is due, the matrix, the figures prefilled from metrics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from portal.organization import abbreviation
from portal.periods import MOSCOW, Period
from ppo.models import PrimaryOrganization
from ppo.selectors import (
    appointments_in_force,
    figure_changes_of_month,
    organizations_active,
    organizations_named,
)

from .indicators import MONTHLY_REPORT_METRICS, registered
from .models import (
    CentralCommitteeReport,
    FrozenOutputEvent,
    PpoMonthlyReport,
    Rating,
    report_deadline,
)

# Cells of the staff matrix and of the officer's list.
MISSING = "missing"  # deadline passed, nothing filed
DUE = "due"  # deadline not passed yet, nothing filed
LATE = "late"
ON_TIME = "on_time"


def today() -> dt.date:
    return timezone.localtime(timezone.now(), MOSCOW).date()


def monthly_figures(organization_id: int, period: Period) -> dict[str, dict]:
    """What the portal knows of a PPO for a month, by metric key (registered metrics only)."""
    return monthly_figures_many(period, [organization_id])[organization_id]


def monthly_figures_many(period: Period, organization_ids: list[int]) -> dict[int, dict]:
    """``monthly_figures`` of many PPOs of one month: one query per metric."""
    result: dict[int, dict] = {pk: {} for pk in organization_ids}
    for metric in registered(MONTHLY_REPORT_METRICS):
        values = metric.values(period, organization_ids)
        for pk in organization_ids:
            value = values.get(pk)
            result[pk][metric.key] = {
                "label": metric.label,
                "unit": metric.unit,
                "value": float(value)
                if value is not None and not isinstance(value, int)
                else value,
            }
    return result


def accepted_month_reason(organization_id: int, month: dt.date) -> str | None:
    """The PPO's figures of a month are checked once its monthly report is accepted: then only
    staff correct them (registered with portal.corrections)."""
    from portal.corrections import month_label

    accepted = PpoMonthlyReport.objects.filter(
        organization_id=organization_id, month=month, status=PpoMonthlyReport.Status.ACCEPTED
    ).exists()
    if not accepted:
        return None
    return (
        f"Ежемесячный отчёт за {month_label(month)} уже принят: показатели этого месяца "
        f"исправляет только аппарат {abbreviation()}. Напишите специалисту по информационной "
        "работе."
    )


def monthly_report_corrections(report: PpoMonthlyReport) -> list:
    """Who changed the report's month's figures after it was accepted, and when (the entries
    and corrections recorded by the spine; one query)."""
    return list(
        figure_changes_of_month(report.organization_id, report.period, since=report.reviewed_at)
    )


def reports_of(organization: PrimaryOrganization) -> QuerySet[PpoMonthlyReport]:
    return PpoMonthlyReport.objects.filter(organization=organization)


def reportable_months(on: dt.date, count: int = 12) -> list[Period]:
    """The current month and the ``count - 1`` before it, newest first."""
    month = Period.month(on.year, on.month)
    months = []
    for _ in range(count):
        months.append(month)
        month = month.previous()
    return months


@dataclass
class MonthRow:
    period: Period
    report: PpoMonthlyReport | None
    deadline: dt.date
    state: str  # a report status, or MISSING / DUE
    timeliness: str | None  # ON_TIME / LATE for filed reports

    @property
    def needs_action(self) -> bool:
        return self.state in (MISSING, DUE, PpoMonthlyReport.Status.DRAFT, "returned")

    @property
    def state_label(self) -> str:
        if self.state == MISSING:
            return "не сдан"
        if self.state == DUE:
            return "ожидается"
        return PpoMonthlyReport.Status(self.state).label


def _row(period: Period, report: PpoMonthlyReport | None, on: dt.date) -> MonthRow:
    deadline = report_deadline(period)
    if report is None or (report.status == PpoMonthlyReport.Status.DRAFT and not report.is_filed):
        state = MISSING if on > deadline else DUE
        if report is not None and state == DUE:
            state = PpoMonthlyReport.Status.DRAFT
    else:
        state = report.status
    timeliness = None
    if report is not None and report.is_filed:
        timeliness = ON_TIME if report.is_on_time else LATE
    return MonthRow(period, report, deadline, state, timeliness)


def officer_months(organization: PrimaryOrganization, on: dt.date | None = None) -> list[MonthRow]:
    """The officer's list: months with their state, the ones needing action first."""
    on = on or today()
    months = reportable_months(on)
    reports = {
        r.month: r
        for r in reports_of(organization).filter(
            month__gte=months[-1].first_day, month__lte=months[0].first_day
        )
    }
    rows = [_row(period, reports.get(period.first_day), on) for period in months]
    return sorted(rows, key=lambda row: (not row.needs_action, -row.period.first_day.toordinal()))


def matrix_organizations(months: list[Period], query: str = "") -> QuerySet[PrimaryOrganization]:
    """The rows of the staff matrix: the PPOs that count in its last month, searched by name."""
    population = organizations_active(months[-1] if months else None)
    return organizations_named(population, query).order_by("short_name", "pk")


def report_matrix(
    months: list[Period],
    on: dt.date | None = None,
    organizations: QuerySet[PrimaryOrganization] | None = None,
):
    """Rows (PPO, [MonthRow per month]) for the given PPOs (a page of ``matrix_organizations``;
    all of them by default): two queries whatever the size."""
    on = on or today()
    if organizations is None:
        organizations = matrix_organizations(months)
    rows = list(organizations)
    # A page is a handful of ids; the whole population goes as a subquery.
    scope = (
        [org.pk for org in rows] if organizations.query.is_sliced else organizations.values("pk")
    )
    reports = {
        (r.organization_id, r.month): r
        for r in PpoMonthlyReport.objects.filter(
            month__in=[m.first_day for m in months], organization__in=scope
        )
    }
    return [
        (org, [_row(m, reports.get((org.pk, m.first_day)), on) for m in months]) for org in rows
    ]


def officers_missing_report(period: Period, on: dt.date):
    """Appointments in force on ``on`` of active PPOs that have not filed the month's report."""
    filed = PpoMonthlyReport.objects.filter(
        month=period.first_day,
        status__in=[PpoMonthlyReport.Status.SUBMITTED, PpoMonthlyReport.Status.ACCEPTED],
    ).values("organization_id")
    return (
        appointments_in_force(on)
        .filter(organization__is_active=True, user__is_active=True)
        .exclude(organization_id__in=filed)
        .select_related("user", "organization")
        .order_by("organization__short_name")
    )


def cc_reports() -> QuerySet[CentralCommitteeReport]:
    return CentralCommitteeReport.objects.select_related("compiled_by", "sent_by", "corrects")


def cc_reports_listed() -> QuerySet[CentralCommitteeReport]:
    """Every version, each marked whether a later version of its month follows it."""
    later = CentralCommitteeReport.objects.filter(
        month=OuterRef("month"), version__gt=OuterRef("version")
    )
    return cc_reports().annotate(is_superseded=Exists(later)).order_by("-month", "-version")


def cc_reports_current() -> QuerySet[CentralCommitteeReport]:
    """The latest version of each month's report (an earlier one is followed by its
    correction)."""
    later = CentralCommitteeReport.objects.filter(
        month=OuterRef("month"), version__gt=OuterRef("version")
    )
    return CentralCommitteeReport.objects.exclude(Exists(later)).order_by("-month")


def cc_versions(report: CentralCommitteeReport) -> list[CentralCommitteeReport]:
    """Every version of the report's month, the first first."""
    return list(
        CentralCommitteeReport.objects.filter(month=report.month)
        .select_related("sent_by")
        .order_by("version")
    )


def events_of(kind: str, object_ids) -> QuerySet[FrozenOutputEvent]:
    return FrozenOutputEvent.objects.filter(kind=kind, object_id__in=object_ids).select_related(
        "user"
    )


def rating_criteria(year: int):
    from .models import RatingCriterion

    criteria = list(RatingCriterion.objects.filter(year=year).order_by("order", "pk"))
    total = sum(c.weight for c in criteria)
    for criterion in criteria:
        criterion.share = round(100 * criterion.weight / total, 1) if total else None
    return criteria


def rating_years() -> list[int]:
    from .models import RatingCriterion

    years = set(Rating.objects.values_list("year", flat=True).distinct())
    years |= set(RatingCriterion.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def ratings_of_year(year: int) -> list[Rating]:
    """Every computation of the year's rating, the first first."""
    return list(Rating.objects.filter(year=year).select_related("published_by").order_by("version"))


def ratings_current() -> QuerySet[Rating]:
    """The latest version of each year's rating."""
    later = Rating.objects.filter(year=OuterRef("year"), version__gt=OuterRef("version"))
    return Rating.objects.exclude(Exists(later)).order_by("-year")


def rating_shown(versions: list[Rating]) -> Rating | None:
    """The version everyone reads: the latest published one, or else the latest computed (a
    preliminary rating)."""
    published = [r for r in versions if r.is_published]
    if published:
        return published[-1]
    return versions[-1] if versions else None


def rating_table(year: int, rating_run: Rating | None = None):
    from .models import RatingResult

    if rating_run is None:
        rating_run = rating_shown(ratings_of_year(year))
    return (
        RatingResult.objects.filter(rating=rating_run)
        .select_related("organization")
        .order_by("rank", "organization__short_name")
    )


def rating_of(organization, year: int):
    from .models import RatingResult

    rating_run = rating_shown(ratings_of_year(year))
    if rating_run is None:
        return None
    return RatingResult.objects.filter(rating=rating_run, organization=organization).first()


def rating_draft(versions: list[Rating]) -> Rating | None:
    """The year's version being prepared: the latest one while it is unpublished."""
    return versions[-1] if versions and not versions[-1].is_published else None


def rating_published(versions: list[Rating]) -> Rating | None:
    published = [r for r in versions if r.is_published]
    return published[-1] if published else None


def rating_result_differences(draft: Rating, published: Rating) -> list[dict]:
    """The PPOs whose place or points differ between a draft and the published version (or
    that are only in one of them), by the draft's order: two queries, whatever the size."""
    from .models import RatingResult

    def rows(rating_run):
        return {
            pk: (name, rank, total)
            for pk, name, rank, total in RatingResult.objects.filter(rating=rating_run)
            .order_by("rank", "organization__short_name")
            .values_list("organization_id", "organization__short_name", "rank", "total")
        }

    new, old = rows(draft), rows(published)
    differences = []
    for pk in [*new, *(k for k in old if k not in new)]:
        after, before = new.get(pk), old.get(pk)
        if before and after and before[1:] == after[1:]:
            continue
        differences.append(
            {
                "organization": (after or before)[0],
                "old_rank": before[1] if before else None,
                "new_rank": after[1] if after else None,
                "old_total": before[2] if before else None,
                "new_total": after[2] if after else None,
            }
        )
    return differences


def rating_preview_key(year: int) -> str:
    return f"reports:rating-preview:{year}"


def rating_preview_lock_key(year: int) -> str:
    return f"reports:rating-preview-lock:{year}"


def rating_preview_state(year: int) -> dict | None:
    """The year's last computation started from the staff page (kept in the shared cache):
    ``{"state", "done", "total", "stage", "message", "rating_id", "started_at",
    "finished_at", "by"}``, or None."""
    from django.core.cache import cache

    return cache.get(rating_preview_key(year))


# --- Outputs overtaken by their data ---------------------------------------------------------


def stale_cc_reports() -> QuerySet[CentralCommitteeReport]:
    return cc_reports_current().exclude(changes=[])


def stale_ratings() -> QuerySet[Rating]:
    return ratings_current().exclude(changes=[])


def stale_monthly_reports() -> QuerySet[PpoMonthlyReport]:
    return (
        PpoMonthlyReport.objects.filter(status=PpoMonthlyReport.Status.ACCEPTED)
        .exclude(changes=[])
        .select_related("organization")
        .order_by("-month", "organization__short_name")
    )


def stale_outputs() -> list:
    """The stale outputs for the dashboard (portal.outputs): three queries."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from portal.outputs import StaleOutput

    found = [
        StaleOutput(str(r), reverse("reports:cc_detail", kwargs={"pk": r.pk}), len(r.changes))
        for r in stale_cc_reports()
    ]
    found += [
        StaleOutput(
            str(r),
            reverse("reports:rating_table") + f"?year={r.year}&version={r.version}",
            len(r.changes),
        )
        for r in stale_ratings()
    ]
    monthly = list(stale_monthly_reports().values_list("changes", flat=True)[:1000])
    if monthly:
        found.append(
            StaleOutput(
                ngettext(
                    "%(count)d принятый ежемесячный отчёт ППО",
                    "%(count)d принятых ежемесячных отчётов ППО",
                    len(monthly),
                )
                % {"count": len(monthly)},
                reverse("reports:stale"),
                sum(len(c) for c in monthly),
            )
        )
    return found
