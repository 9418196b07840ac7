"""Writes of the reports app. Keyword-only, atomic, validated; ValidationError in Russian."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.db import save_one_per_key
from portal.jobs import enqueue
from portal.metrics import STOCK, memoised, registry
from portal.periods import MOSCOW, Period
from portal.permissions import is_staff_member
from ppo.models import PrimaryOrganization
from ppo.selectors import officer_organization, organizations_active

from . import rating, selectors
from .indicators import (
    CC_PPO_METRICS,
    CC_TOTAL_METRICS,
    DEFAULT_RATING_SCHEME,
    PUBLICATION_METRICS,
    registered,
)
from .models import (
    CentralCommitteeReport,
    PpoMonthlyReport,
    RatingCriterion,
    RatingResult,
    report_deadline,
)

# The fields the officer types (everything else is prefilled from the portal's metrics).
REPORT_FIELDS = (
    "social_posts",
    "union_page_checked",
    "union_page_url",
    "union_page_updated",
    "stand_updates",
    "printed_materials",
    "subscriptions_solidarnost",
    "subscriptions_vremya",
    "subscriptions_puls",
    "subscriptions_tema",
    "events_covered",
    "contests",
    "problems",
)
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _now():
    return timezone.now()


def _check_officer(user, organization: PrimaryOrganization) -> None:
    own = officer_organization(user)
    if own is None or own.pk != organization.pk:
        raise PermissionDenied("Отчёт ППО заполняет её ответственный по информационной работе.")


def _check_staff(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied("Это действие доступно аппарату ЧРО.")


def _validate_links(text: str) -> None:
    bad = [
        line.strip() for line in text.splitlines() if line.strip() and not URL.match(line.strip())
    ]
    if bad:
        raise ValidationError(
            {
                "social_posts": "Укажите ссылки на публикации, по одной в строке, начиная с "
                "https://. Не похоже на ссылку: " + ", ".join(bad[:3])
            },
            code="bad_link",
        )


@transaction.atomic
def monthly_report_save(
    *,
    user,
    organization: PrimaryOrganization,
    period: Period,
    submit: bool = False,
    on: dt.datetime | None = None,
    **data,
) -> PpoMonthlyReport:
    """Save the officer's report of a month as a draft, or submit it (states draft/returned)."""
    _check_officer(user, organization)
    unknown = set(data) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown report fields: {unknown}")
    now = on or _now()
    today = timezone.localtime(now, MOSCOW).date()
    if period.kind != "month" or period.first_day > today:
        raise ValidationError("Нельзя заполнить отчёт за будущий месяц.", code="future")

    def change(report: PpoMonthlyReport) -> None:
        if report.is_locked:
            raise ValidationError(
                "Отчёт уже отправлен и закрыт для изменений; открыть его может аппарат ЧРО.",
                code="locked",
            )
        for name, value in data.items():
            setattr(report, name, value.strip() if isinstance(value, str) else value)
        _validate_links(report.social_posts)
        report.figures = selectors.monthly_figures(organization.pk, period)
        if submit:
            if today < period.last_day:
                raise ValidationError(
                    "Отчёт за месяц отправляют в последний день месяца или позже; пока сохраните "
                    "черновик.",
                    code="too_early",
                )
            if report.union_page_checked and not report.union_page_url:
                raise ValidationError(
                    {"union_page_url": "Укажите адрес проверенной профсоюзной страницы."},
                    code="union_page_url",
                )
            report.status = PpoMonthlyReport.Status.SUBMITTED
            report.submitted_at = now
            report.submitted_by = user
            report.first_submitted_at = report.first_submitted_at or now
        # The unique check is the constraint's (a concurrent first save is retried, see
        # save_one_per_key); a query here could not see the other's uncommitted row anyway.
        report.full_clean(validate_unique=False)

    # Two tabs submitting a month that has no row yet: the slower one updates the first's row.
    return save_one_per_key(
        load=lambda: (
            PpoMonthlyReport.objects.select_for_update()
            .filter(organization=organization, month=period.first_day)
            .first()
        ),
        build=lambda: PpoMonthlyReport(organization=organization, month=period.first_day),
        change=change,
    )


@transaction.atomic
def monthly_report_accept(*, user, report: PpoMonthlyReport) -> PpoMonthlyReport:
    _check_staff(user)
    report = PpoMonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status != PpoMonthlyReport.Status.SUBMITTED:
        raise ValidationError("Принять можно только отправленный отчёт.", code="not_submitted")
    report.status = PpoMonthlyReport.Status.ACCEPTED
    report.reviewed_at, report.reviewed_by = _now(), user
    report.save(update_fields=["status", "reviewed_at", "reviewed_by", "updated_at"])
    return report


@transaction.atomic
def monthly_report_return(*, user, report: PpoMonthlyReport, comment: str) -> PpoMonthlyReport:
    """Return a submitted report for changes (a comment is required) or reopen an accepted one."""
    _check_staff(user)
    report = PpoMonthlyReport.objects.select_for_update().get(pk=report.pk)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            {"comment": "Напишите, что нужно исправить: комментарий получит ППО."},
            code="comment_required",
        )
    if report.status not in (PpoMonthlyReport.Status.SUBMITTED, PpoMonthlyReport.Status.ACCEPTED):
        raise ValidationError(
            "Вернуть можно только отправленный или принятый отчёт.", code="not_submitted"
        )
    report.status = PpoMonthlyReport.Status.RETURNED
    report.review_comment = comment
    report.reviewed_at, report.reviewed_by = _now(), user
    report.full_clean(validate_unique=False)
    report.save(
        update_fields=["status", "review_comment", "reviewed_at", "reviewed_by", "updated_at"]
    )
    return report


def reminder_period(on: dt.date) -> Period | None:
    """The month whose report is reminded of on ``on``: on the 1st and the day before the
    deadline, the previous month; on other days, none."""
    previous = Period.month(on.year, on.month).previous()
    if on.day == 1 or on == report_deadline(previous) - dt.timedelta(days=1):
        return previous
    return None


def reminder_recipients(on: dt.date) -> list[tuple[str, str, Period]]:
    """(e-mail, PPO name, month) of officers whose PPO has not filed the month's report."""
    period = reminder_period(on)
    if period is None:
        return []
    return [
        (a.user.email, a.organization.short_name, period)
        for a in selectors.officers_missing_report(period, on)
    ]


# --- The monthly report to the Central Committee ----------------------------------------------


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def _column_total(metric, period: Period, ids: list[int]):
    """The total row's cell: a yes/no column is never added up, it says how many PPOs of all
    answered «да» («45 из 60»)."""
    value = _plain(metric.total(period, ids))
    if metric.is_flag and value is not None:
        return f"{int(value)} из {len(ids)}"
    return value


@memoised()  # a metric asked twice for a period (values and total) is computed once
def cc_snapshot(period: Period, *, now: dt.datetime | None = None) -> dict:
    """Everything the report to the Central Committee shows, computed once and frozen.

    A constant number of queries: one per metric, one for the PPOs, one for their reports."""
    now = now or _now()
    organizations = list(
        organizations_active(period).order_by("short_name").values_list("pk", "short_name")
    )
    ids = [pk for pk, _ in organizations]
    totals = []
    for metric in registered(CC_TOTAL_METRICS):
        value = _plain(metric.total(period, ids))
        row = {"key": metric.key, "label": metric.label, "unit": metric.unit, "value": value}
        row["change"] = None
        if metric.kind == STOCK and value is not None:
            before = _plain(metric.total(period.previous(), ids))
            if before is not None:
                row["change"] = round(value - before, 1)
        totals.append(row)
    ppo_metrics = registered(CC_PPO_METRICS)
    values = {m.key: m.values(period, ids) for m in ppo_metrics}
    reports = {
        r.organization_id: r
        for r in PpoMonthlyReport.objects.filter(month=period.first_day, organization_id__in=ids)
    }
    publications = next(iter(registered(PUBLICATION_METRICS)), None)
    published = (
        values.get(publications.key) or publications.values(period, ids) if publications else {}
    )
    rows, filed, on_time, late, missing, no_publications = [], [], [], [], [], []
    for pk, name in organizations:
        report = reports.get(pk)
        is_filed = bool(report and report.is_filed)
        status = report.get_status_display() if is_filed else "не сдан"
        if is_filed:
            filed.append(name)
            (on_time if report.is_on_time else late).append(name)
        else:
            missing.append(name)
        if publications and not published.get(pk):
            no_publications.append(name)
        rows.append(
            {
                "id": pk,
                "name": name,
                "values": [_plain(values[m.key].get(pk)) for m in ppo_metrics],
                "report": status,
                "on_time": report.is_on_time if is_filed else None,
            }
        )
    return {
        "period": period.code,
        "title": str(period),
        "deadline": report_deadline(period).isoformat(),
        "computed_at": now.isoformat(),
        "organizations": len(organizations),
        "totals": totals,
        "columns": [{"key": m.key, "label": m.label, "unit": m.unit} for m in ppo_metrics],
        "rows": rows,
        "column_totals": [_column_total(m, period, ids) for m in ppo_metrics],
        "reporting": {"filed": filed, "on_time": on_time, "late": late, "missing": missing},
        "no_publications": no_publications if publications else None,
        "publication_metric": publications.label if publications else None,
    }


@transaction.atomic
def cc_report_compile(
    *, period: Period, user=None, now: dt.datetime | None = None
) -> CentralCommitteeReport:
    """Compile (or recompile in place) the month's report to the Central Committee.

    Idempotent and safe when two workers run it at once: the unique month makes the second
    ``get_or_create`` find the first's row, and the row lock serialises the updates. A report
    already sent is never regenerated."""
    if period.kind != "month":
        raise ValueError("The report to the Central Committee is monthly")
    now = now or _now()
    if period.first_day > timezone.localtime(now, MOSCOW).date():
        raise ValidationError("Нельзя сформировать отчёт за будущий месяц.", code="future")
    CentralCommitteeReport.objects.get_or_create(month=period.first_day)
    report = CentralCommitteeReport.objects.select_for_update().get(month=period.first_day)
    if report.is_sent:
        raise ValidationError(
            "Отчёт за %(period)s уже отправлен в ЦК и не формируется заново.",
            code="already_sent",
            params={"period": period},
        )
    report.snapshot = cc_snapshot(period, now=now)
    report.compiled_at = now
    report.compiled_by = user
    report.compile_count += 1
    report.save(update_fields=["snapshot", "compiled_at", "compiled_by", "compile_count"])
    return report


@transaction.atomic
def cc_report_comment(*, user, report: CentralCommitteeReport, commentary: str):
    _check_staff(user)
    report = CentralCommitteeReport.objects.select_for_update().get(pk=report.pk)
    if report.is_sent:
        raise ValidationError("Отчёт уже отправлен в ЦК.", code="already_sent")
    report.commentary = commentary.strip()
    report.save(update_fields=["commentary"])
    return report


@transaction.atomic
def cc_report_send(
    *, user, report: CentralCommitteeReport, commentary: str | None = None
) -> CentralCommitteeReport:
    """Mark the report sent (who, when, to whom) and e-mail it with the XLSX after commit."""
    from .tasks import send_cc_report

    _check_staff(user)
    report = CentralCommitteeReport.objects.select_for_update().get(pk=report.pk)
    if report.is_sent:
        raise ValidationError("Отчёт уже отправлен в ЦК.", code="already_sent")
    address = getattr(settings, "CENTRAL_COMMITTEE_EMAIL", "")
    if not address:
        raise ValidationError(
            "Не задан адрес ЦК (настройка CENTRAL_COMMITTEE_EMAIL).", code="no_address"
        )
    if commentary is not None:
        report.commentary = commentary.strip()
    report.status = CentralCommitteeReport.Status.SENT
    report.sent_at, report.sent_by, report.sent_to = _now(), user, address
    report.save(update_fields=["commentary", "status", "sent_at", "sent_by", "sent_to"])
    enqueue(send_cc_report, report.pk)
    return report


# --- The yearly rating ----------------------------------------------------------------------


@transaction.atomic
def rating_default_scheme(*, year: int) -> list[RatingCriterion]:
    """Create the year's criteria from the default scheme (only those not there yet)."""
    existing = set(RatingCriterion.objects.filter(year=year).values_list("metric_key", flat=True))
    created = []
    for order, (key, weight, rule, params, evidence) in enumerate(DEFAULT_RATING_SCHEME):
        if key in existing or key not in registry:
            continue
        criterion = RatingCriterion(
            year=year,
            metric_key=key,
            weight=Decimal(weight),
            rule=rule,
            params=params,
            evidence=evidence,
            order=order,
        )
        criterion.full_clean()
        criterion.save()
        created.append(criterion)
    return created


@transaction.atomic
@memoised()  # a criterion's metric asked again for the same year is computed once
def rating_compute(*, year: int, now: dt.datetime | None = None) -> list[RatingResult]:
    """Compute and freeze the year's rating of the active PPOs (replacing an earlier run).

    The year's criteria are locked first, so two runs at once are serialised and leave one
    set of results. A constant number of queries: one per criterion, whatever the PPO count."""
    now = now or _now()
    criteria = list(RatingCriterion.objects.select_for_update().filter(year=year))
    criteria.sort(key=lambda c: (c.order, c.pk))
    if not criteria:
        raise ValidationError(
            "Для %(year)s года не заданы критерии рейтинга.",
            code="no_criteria",
            params={"year": year},
        )
    period = Period.for_year(year)
    ids = registry.organizations(period)
    weights_sum = sum(c.weight for c in criteria)
    values = {
        c.pk: (registry.get(c.metric_key).values(period, ids) if c.metric_key in registry else {})
        for c in criteria
    }
    employees = (
        registry.get("ppo.employees").values(period, ids) if "ppo.employees" in registry else {}
    )
    totals, breakdowns = {}, {}
    for pk in ids:
        breakdown, total = [], Decimal(0)
        for c in criteria:
            raw = values[c.pk].get(pk)
            score = rating.points(c.rule, c.params, raw)
            weight = c.weight / weights_sum
            weighted = (score * weight).quantize(Decimal("0.01"))
            total += score * weight
            breakdown.append(
                {
                    "key": c.metric_key,
                    "title": c.display_title,
                    "raw": _plain(raw),
                    "points": float(score),
                    "weight": round(float(weight) * 100, 1),
                    "weighted": float(weighted),
                }
            )
        totals[pk] = total.quantize(Decimal("0.01"))
        breakdowns[pk] = breakdown
    ranks = rating.competition_ranks(list(totals.items()))
    groups = {pk: rating.size_group(employees.get(pk)) for pk in ids}
    group_ranks = {}
    for group in set(groups.values()):
        group_ranks.update(
            rating.competition_ranks([(pk, totals[pk]) for pk in ids if groups[pk] == group])
        )
    RatingResult.objects.filter(year=year).delete()
    return RatingResult.objects.bulk_create(
        RatingResult(
            year=year,
            organization_id=pk,
            total=totals[pk],
            rank=ranks[pk],
            size_group=groups[pk],
            group_rank=group_ranks[pk],
            breakdown=breakdowns[pk],
            computed_at=now,
        )
        for pk in ids
    )
