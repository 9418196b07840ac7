"""Writes of the reports app. Keyword-only, atomic, validated; ValidationError in Russian."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.utils import timezone

from portal import pagecache
from portal.db import save_one_per_key
from portal.jobs import enqueue
from portal.metrics import STOCK, memoised, registry
from portal.organization import abbreviation
from portal.periods import MOSCOW, Period
from portal.permissions import is_staff_member
from portal.reuse import reuse
from ppo.models import PrimaryOrganization
from ppo.selectors import officer_organization, organizations_active

from . import frozen, rating, selectors
from .indicators import (
    CC_PPO_METRICS,
    CC_TOTAL_METRICS,
    DEFAULT_RATING_SCHEME,
    PUBLICATION_METRICS,
    registered,
)
from .models import (
    CentralCommitteeReport,
    FrozenOutputEvent,
    PpoMonthlyReport,
    Rating,
    RatingCriterion,
    RatingResult,
    Survey,
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
        raise PermissionDenied(f"Это действие доступно аппарату {abbreviation()}.")


def _event(kind: str, obj, action: str, *, user=None, at=None, changes=None) -> None:
    FrozenOutputEvent.objects.create(
        kind=kind,
        object_id=obj.pk,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        at=at or _now(),
        changes=changes or [],
    )


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
                "Отчёт уже отправлен и закрыт для изменений; открыть его может аппарат "
                f"{abbreviation()}.",
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
    report = save_one_per_key(
        load=lambda: (
            PpoMonthlyReport.objects.select_for_update()
            .filter(organization=organization, month=period.first_day)
            .first()
        ),
        build=lambda: PpoMonthlyReport(organization=organization, month=period.first_day),
        change=change,
    )
    if submit:
        _notify_staff_submitted(report, organization)
    return report


SUBMITTED_KIND = "reports:submitted"


def _notify_staff_submitted(report: PpoMonthlyReport, organization: PrimaryOrganization) -> None:
    """Staff see a submitted report in the portal only: the report matrix is their page for
    the month, a mail from each of the PPOs would be noise."""
    from django.urls import reverse

    from portal.notifications import notify, staff_members

    notify(
        staff_members(),
        SUBMITTED_KIND,
        f"{organization.short_name}: ежемесячный отчёт за {report.period} отправлен",
        "",
        reverse("reports:monthly_review", kwargs={"pk": report.pk}),
        email=False,
    )


@transaction.atomic
def monthly_report_accept(
    *, user, report: PpoMonthlyReport, now: dt.datetime | None = None
) -> PpoMonthlyReport:
    """Accept a submitted report, or accept an accepted one again once its month's figures have
    changed. Either way the report keeps the portal's figures as they are at acceptance (the
    differences from the submitted ones go to the record)."""
    _check_staff(user)
    now = now or _now()
    report = (
        PpoMonthlyReport.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=report.pk)
    )
    if report.status == PpoMonthlyReport.Status.SUBMITTED:
        action = FrozenOutputEvent.Action.ACCEPTED
    elif report.status == PpoMonthlyReport.Status.ACCEPTED:
        action = FrozenOutputEvent.Action.REACCEPTED
    else:
        raise ValidationError("Принять можно только отправленный отчёт.", code="not_submitted")
    current = selectors.monthly_figures(report.organization_id, report.period)
    changes = frozen.monthly_changes(report, current)
    if action == FrozenOutputEvent.Action.REACCEPTED and not changes:
        raise ValidationError(
            "Показатели отчёта не изменились после принятия: принимать заново нечего.",
            code="unchanged",
        )
    report.status = PpoMonthlyReport.Status.ACCEPTED
    report.figures = current
    report.changes, report.changes_checked_at = [], now
    report.reviewed_at, report.reviewed_by = now, user
    report.save(
        update_fields=[
            "status",
            "figures",
            "changes",
            "changes_checked_at",
            "reviewed_at",
            "reviewed_by",
            "updated_at",
        ]
    )
    _event(
        FrozenOutputEvent.Kind.MONTHLY_REPORT, report, action, user=user, at=now, changes=changes
    )
    _notify_officers(report, f"Ежемесячный отчёт за {report.period} принят", "")
    return report


REVIEW_KIND = "reports:review"


def _notify_officers(report: PpoMonthlyReport, title: str, body: str) -> None:
    """The PPO's officers learn the decision on their monthly report (in the portal and by
    e-mail, by their choice)."""
    from django.urls import reverse

    from portal.notifications import notify
    from ppo.selectors import appointments_in_force

    officers = [
        appointment.user
        for appointment in appointments_in_force()
        .filter(organization_id=report.organization_id)
        .select_related("user")
    ]
    url = reverse(
        "reports:monthly_edit", kwargs={"year": report.period.year, "month": report.period.index}
    )
    notify(officers, REVIEW_KIND, title, body, url)


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
    _notify_officers(
        report, f"Ежемесячный отчёт за {report.period} возвращён на доработку", comment
    )
    return report


def reminder_period(on: dt.date) -> Period | None:
    """The month whose report is reminded of on ``on``: on the 1st and the day before the
    deadline, the previous month; on other days, none."""
    previous = Period.month(on.year, on.month).previous()
    if on.day == 1 or on == report_deadline(previous) - dt.timedelta(days=1):
        return previous
    return None


REMINDER_KIND = "reports:reminder"
SURVEY_REMINDER_KIND = "reports:survey_reminder"
# Days before a survey's deadline on which the PPOs that have not answered are reminded.
SURVEY_REMINDER_DAYS = (3, 0)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def reminder_recipients(on: dt.date) -> list[tuple[str, str, Period]]:
    """(e-mail, PPO name, month) of officers whose PPO has not filed the month's report and
    who did not turn the reminder's e-mail off."""
    from portal.notifications import email_declined

    period = reminder_period(on)
    if period is None:
        return []
    declined = email_declined(REMINDER_KIND)
    return [
        (a.user.email, a.organization.short_name, period)
        for a in selectors.officers_missing_report(period, on)
        if a.user.email.lower() not in declined
    ]


def monthly_report_remind_in_portal(on: dt.date) -> int:
    """On a reminder day, the officers whose PPO has not filed the month's report find the
    reminder in the portal too (their e-mail is the reminder task's own); once a day."""
    from django.urls import reverse

    from portal.notifications import notify_once

    period = reminder_period(on)
    if period is None:
        return 0
    officers = [a.user for a in selectors.officers_missing_report(period, on)]
    rows = notify_once(
        officers,
        REMINDER_KIND,
        f"Напоминание: сдайте ежемесячный отчёт за {period} до {report_deadline(period):%d.%m.%Y}",
        "",
        reverse("reports:monthly_edit", kwargs={"year": period.year, "month": period.index}),
        since=_start_of(on),
        email=False,
    )
    return len(rows)


def survey_deadline_reminders(on: dt.date) -> int:
    """The officers of the PPOs that have not sent their answers to a published survey whose
    deadline is ``SURVEY_REMINDER_DAYS`` away (or today): a notification in the portal and by
    e-mail, by their choice; once a day. One query per such survey (there are few)."""
    from django.urls import reverse

    from portal.notifications import notify_once
    from ppo.selectors import appointments_in_force

    from .surveys import survey_assigned_ids

    deadlines = [on + dt.timedelta(days=days) for days in SURVEY_REMINDER_DAYS]
    surveys = Survey.objects.filter(is_published=True, deadline__in=deadlines).order_by("pk")
    told = 0
    for survey in surveys:
        answered = set(
            survey.responses.filter(submitted_at__isnull=False).values_list(
                "organization_id", flat=True
            )
        )
        waiting = survey_assigned_ids(survey) - answered
        if not waiting:
            continue
        officers = [
            appointment.user
            for appointment in appointments_in_force(on)
            .filter(organization_id__in=waiting, user__is_active=True)
            .select_related("user")
        ]
        when = "сегодня" if survey.deadline == on else f"до {survey.deadline:%d.%m.%Y}"
        rows = notify_once(
            officers,
            SURVEY_REMINDER_KIND,
            f"Напоминание: ответьте на анкету «{survey.title}» {when}",
            survey.description,
            reverse("reports:survey_answer", kwargs={"pk": survey.pk}),
            since=_start_of(on),
        )
        told += len(rows)
    return told


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

    A constant number of queries: one per metric, one for the PPOs, one for their reports;
    a value several metrics read (the latest snapshots, the channels' counts) is read once."""
    with reuse():
        return _cc_snapshot(period, now=now or _now())


def _cc_snapshot(period: Period, *, now: dt.datetime) -> dict:
    organizations = list(
        organizations_active(period).order_by("short_name").values_list("pk", "short_name")
    )
    # The metrics filter by the population as a subquery, not by a list of thousands of ids.
    ids = registry.organizations(period)
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


def _month_versions(period: Period) -> list[CentralCommitteeReport]:
    """Every version of the month's report, locked (the latest last)."""
    return list(
        CentralCommitteeReport.objects.select_for_update()
        .filter(month=period.first_day)
        .order_by("version")
    )


def _cc_fill(
    report: CentralCommitteeReport, versions: list, *, user, now: dt.datetime
) -> list[dict]:
    """Compile the report's snapshot now; returns what changed against the previous one."""
    snapshot = cc_snapshot(report.period, now=now)
    changed = frozen.cc_snapshot_changes(report.snapshot, snapshot) if report.snapshot else []
    report.snapshot = snapshot
    report.compiled_at = now
    report.compiled_by = user
    report.compile_count += 1
    report.changes, report.changes_checked_at = [], now
    if report.corrects_id:
        original = next(v for v in versions if v.pk == report.corrects_id)
        report.corrections = frozen.cc_snapshot_changes(original.snapshot, snapshot)
    return changed


@transaction.atomic
def cc_report_compile(
    *, period: Period, user=None, now: dt.datetime | None = None
) -> CentralCommitteeReport:
    """Compile (or recompile in place) the month's unsent report to the Central Committee.

    Idempotent and safe when two workers run it at once: the unique (month, version) makes the
    second ``get_or_create`` find the first's row, and the row locks serialise the updates. A
    report already sent is never regenerated (its month gets a corrected version instead, see
    ``cc_report_correct``)."""
    if period.kind != "month":
        raise ValueError("The report to the Central Committee is monthly")
    now = now or _now()
    if period.first_day > timezone.localtime(now, MOSCOW).date():
        raise ValidationError("Нельзя сформировать отчёт за будущий месяц.", code="future")
    CentralCommitteeReport.objects.get_or_create(month=period.first_day, version=1)
    versions = _month_versions(period)
    report = versions[-1]
    if report.is_sent:
        raise ValidationError(
            "Отчёт за %(period)s уже отправлен в ЦК и не формируется заново; если данные "
            "изменились, сформируйте исправленный отчёт.",
            code="already_sent",
            params={"period": period},
        )
    changed = _cc_fill(report, versions, user=user, now=now)
    report.save(
        update_fields=[
            "snapshot",
            "compiled_at",
            "compiled_by",
            "compile_count",
            "changes",
            "changes_checked_at",
            "corrections",
        ]
    )
    action = (
        FrozenOutputEvent.Action.COMPILED
        if report.compile_count == 1
        else FrozenOutputEvent.Action.RECOMPILED
    )
    _event(FrozenOutputEvent.Kind.CC_REPORT, report, action, user=user, at=now, changes=changed)
    return report


def cc_report_recompile(
    *, user, report: CentralCommitteeReport, now: dt.datetime | None = None
) -> CentralCommitteeReport:
    """Staff recompile an unsent report from its month's data as they are now."""
    _check_staff(user)
    return cc_report_compile(period=report.period, user=user, now=now)


@transaction.atomic
def cc_report_correct(
    *, user, report: CentralCommitteeReport, now: dt.datetime | None = None
) -> CentralCommitteeReport:
    """Follow the month's sent report by a corrected version, compiled now, that says what it
    corrects. The sent version is kept as it was sent. Asked twice, it returns the correction
    already being prepared."""
    _check_staff(user)
    now = now or _now()
    versions = _month_versions(report.period)
    latest = versions[-1]
    if not latest.is_sent:
        if latest.is_correction:
            return latest
        raise ValidationError(
            "Отчёт ещё не отправлен в ЦК: сформируйте его заново.", code="not_sent"
        )
    correction = CentralCommitteeReport(
        month=latest.month, version=latest.version + 1, corrects=latest
    )
    _cc_fill(correction, versions, user=user, now=now)
    if not correction.corrections:
        raise ValidationError(
            "Данные месяца не изменились после отправки: исправлять нечего.", code="unchanged"
        )
    correction.full_clean(validate_constraints=False)
    correction.save()
    _event(
        FrozenOutputEvent.Kind.CC_REPORT,
        correction,
        FrozenOutputEvent.Action.CORRECTED,
        user=user,
        at=now,
        changes=correction.corrections,
    )
    return correction


def cc_report_check(
    *, report: CentralCommitteeReport, now: dt.datetime | None = None
) -> list[dict]:
    """Recompute the report's month and store the differences when they are new."""
    changes = frozen.cc_changes(report)
    if changes != report.changes:
        report.changes, report.changes_checked_at = changes, now or _now()
        report.save(update_fields=["changes", "changes_checked_at"])
    return changes


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
    _event(
        FrozenOutputEvent.Kind.CC_REPORT,
        report,
        FrozenOutputEvent.Action.SENT,
        user=user,
        at=report.sent_at,
    )
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


def _rating_fill(
    rating_run: Rating,
    criteria: list[RatingCriterion],
    *,
    user,
    now: dt.datetime,
    progress=None,
) -> tuple[list[RatingResult], list[dict]]:
    """Compute the rating's results from its year's data now (replacing earlier results);
    returns them and what changed in the inputs against the previous computation.
    ``progress(done, total, stage)`` hears of each step: a metric read, then the scoring.

    A constant number of queries: one per criterion, whatever the PPO count."""
    year = rating_run.year
    keys = frozen.rating_input_keys([c.metric_key for c in criteria])
    steps = len(keys) + 1
    titles = {c.metric_key: c.display_title for c in criteria}
    read = []

    def metric_read(key: str) -> None:
        read.append(key)
        if progress is not None:
            progress(len(read), steps, titles.get(key) or _metric_label(key))

    criteria_data = [
        {
            "key": c.metric_key,
            "title": c.display_title,
            "weight": float(c.weight),
            "rule": c.rule,
            "params": c.params,
        }
        for c in criteria
    ]
    with reuse():  # the membership level and the size groups read the same snapshots once
        ids, values = frozen.rating_input_values(
            [c.metric_key for c in criteria], year, progress=metric_read
        )
    inputs = {"organizations": ids, "values": values}
    changed = (
        frozen.rating_inputs_changes(rating_run.inputs, inputs, criteria_data)
        if rating_run.inputs
        else []
    )
    weights_sum = sum(c.weight for c in criteria)
    employees = values.get(frozen.EMPLOYEES, {})
    totals, breakdowns = {}, {}
    for pk in ids:
        breakdown, total = [], Decimal(0)
        for c in criteria:
            raw = values[c.metric_key].get(str(pk))
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
    groups = {pk: rating.size_group(employees.get(str(pk))) for pk in ids}
    group_ranks = {}
    for group in set(groups.values()):
        group_ranks.update(
            rating.competition_ranks([(pk, totals[pk]) for pk in ids if groups[pk] == group])
        )
    rating_run.criteria = criteria_data
    rating_run.inputs = inputs
    rating_run.computed_at, rating_run.computed_by = now, user
    rating_run.changes, rating_run.changes_checked_at = [], now
    if rating_run.corrects_id:
        original = rating_run.corrects
        rating_run.corrections = frozen.rating_inputs_changes(
            original.inputs, inputs, criteria_data
        )
    if rating_run.pk is None:
        rating_run.save()
    else:
        rating_run.save(
            update_fields=[
                "criteria",
                "inputs",
                "computed_at",
                "computed_by",
                "changes",
                "changes_checked_at",
                "corrections",
            ]
        )
        # 8,000 rows deleted with their signals: the cached figures are dropped once, not for
        # each (two cache round trips a row were a tenth of the rating's time).
        with pagecache.deferred():
            rating_run.results.all().delete()
    # Django inserts many rows as UNNEST of one array per column, and psycopg's client-side
    # binding quotes a jsonb[] array in Python (each quote of each JSON by a regular expression):
    # 4.7 s for 8,000 breakdowns. Given as an expression, the JSON makes Django insert plain VALUES
    # rows, each JSON quoted by libpq: 2.0 s.
    breakdown_field = RatingResult._meta.get_field("breakdown")
    results = RatingResult.objects.bulk_create(
        RatingResult(
            rating=rating_run,
            year=year,
            organization_id=pk,
            total=totals[pk],
            rank=ranks[pk],
            size_group=groups[pk],
            group_rank=group_ranks[pk],
            breakdown=Value(breakdowns[pk], output_field=breakdown_field),
            computed_at=now,
        )
        for pk in ids
    )
    for result in results:
        result.breakdown = breakdowns[result.organization_id]
    if progress is not None:
        progress(steps, steps, "")
    return results, changed


def _metric_label(key: str) -> str:
    return registry.get(key).label if key in registry else key


def _year_criteria(year: int) -> list[RatingCriterion]:
    """The year's criteria, locked: two computations of a year at once are serialised."""
    criteria = list(RatingCriterion.objects.select_for_update().filter(year=year))
    criteria.sort(key=lambda c: (c.order, c.pk))
    if not criteria:
        raise ValidationError(
            "Для %(year)s года не заданы критерии рейтинга.",
            code="no_criteria",
            params={"year": year},
        )
    return criteria


def _year_ratings(year: int) -> list[Rating]:
    return list(Rating.objects.select_for_update().filter(year=year).order_by("version"))


@transaction.atomic
@memoised()  # a criterion's metric asked again for the same year is computed once
def rating_compute(
    *, year: int, user=None, now: dt.datetime | None = None, progress=None
) -> list[RatingResult]:
    """Compute and freeze the year's rating of its PPOs, recomputing the unpublished one in
    place. A published rating is never recomputed: it is followed by a corrected version
    (``rating_correct``)."""
    now = now or _now()
    criteria = _year_criteria(year)
    ratings = _year_ratings(year)
    rating_run = ratings[-1] if ratings else Rating(year=year, version=1)
    if rating_run.is_published:
        raise ValidationError(
            "Рейтинг %(year)s года опубликован и не пересчитывается; если данные изменились, "
            "сформируйте исправленную версию.",
            code="published",
            params={"year": year},
        )
    is_new = rating_run.pk is None
    results, changed = _rating_fill(rating_run, criteria, user=user, now=now, progress=progress)
    _event(
        FrozenOutputEvent.Kind.RATING,
        rating_run,
        FrozenOutputEvent.Action.COMPILED if is_new else FrozenOutputEvent.Action.RECOMPILED,
        user=user,
        at=now,
        changes=changed,
    )
    return results


@transaction.atomic
def rating_publish(*, user, rating_run: Rating, now: dt.datetime | None = None) -> Rating:
    """Publish the year's unpublished rating (after the year is over); it is frozen from then."""
    _check_staff(user)
    now = now or _now()
    rating_run = Rating.objects.select_for_update().get(pk=rating_run.pk)
    if rating_run.is_published:
        raise ValidationError("Рейтинг уже опубликован.", code="published")
    if timezone.localtime(now, MOSCOW).year <= rating_run.year:
        raise ValidationError(
            "Год ещё не закончился: рейтинг публикуют после его окончания.", code="year_not_over"
        )
    rating_run.status = Rating.Status.PUBLISHED
    rating_run.published_at, rating_run.published_by = now, user
    rating_run.save(update_fields=["status", "published_at", "published_by"])
    _event(
        FrozenOutputEvent.Kind.RATING,
        rating_run,
        FrozenOutputEvent.Action.PUBLISHED,
        user=user,
        at=now,
    )
    return rating_run


@transaction.atomic
def rating_correct(
    *, user, rating_run: Rating, now: dt.datetime | None = None, progress=None
) -> Rating:
    """Follow the year's published rating by a corrected, unpublished version computed now,
    which says what it corrects; the published one stays as published until the correction is
    published. Asked twice, it returns the correction already being prepared."""
    _check_staff(user)
    now = now or _now()
    criteria = _year_criteria(rating_run.year)
    ratings = _year_ratings(rating_run.year)
    latest = ratings[-1]
    if not latest.is_published:
        if latest.is_correction:
            return latest
        raise ValidationError(
            "Рейтинг ещё не опубликован: рассчитайте его заново.", code="not_published"
        )
    correction = Rating(
        year=latest.year, version=latest.version + 1, corrects=latest, computed_at=now
    )
    _rating_fill(correction, criteria, user=user, now=now, progress=progress)
    if not correction.corrections and correction.criteria == latest.criteria:
        raise ValidationError(
            "Данные года не изменились после публикации: исправлять нечего.", code="unchanged"
        )
    _event(
        FrozenOutputEvent.Kind.RATING,
        correction,
        FrozenOutputEvent.Action.CORRECTED,
        user=user,
        at=now,
        changes=correction.corrections,
    )
    return correction


# --- The staff's rating preview, computed in the background with its progress -----------------

# The progress of a year's computation lives in the shared cache (Redis when configured), so a
# worker writes it and any web process reads it; it outlives the computation by an hour.
PREVIEW_KEEP_SECONDS = 60 * 60
# Held while a computation is queued or running: longer than the task's hard time limit, so a
# killed worker frees the year eventually.
PREVIEW_LOCK_SECONDS = 12 * 60
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


def _preview_store(year: int, **state) -> dict:
    from django.core.cache import cache

    current = selectors.rating_preview_state(year) or {}
    current.update(state)
    cache.set(selectors.rating_preview_key(year), current, PREVIEW_KEEP_SECONDS)
    return current


def rating_preview_start(*, user, year: int, now: dt.datetime | None = None) -> bool:
    """Staff ask for the year's rating to be computed in the background (a draft, or a
    corrected version of a published one). Returns False when a computation of the year is
    already queued or running: two clicks make one computation."""
    from django.core.cache import cache

    from .tasks import compute_rating_preview

    _check_staff(user)
    now = now or _now()
    if year > timezone.localtime(now, MOSCOW).year:
        raise ValidationError("Рейтинг будущего года рассчитать нельзя.", code="future")
    if not RatingCriterion.objects.filter(year=year).exists():
        raise ValidationError(
            "Для %(year)s года не заданы критерии рейтинга.",
            code="no_criteria",
            params={"year": year},
        )
    lock = selectors.rating_preview_lock_key(year)
    if not cache.add(lock, now.isoformat(), PREVIEW_LOCK_SECONDS):
        return False
    cache.set(
        selectors.rating_preview_key(year),
        {
            "state": QUEUED,
            "done": 0,
            "total": 0,
            "stage": "",
            "message": "",
            "rating_id": None,
            "started_at": now.isoformat(),
            "finished_at": None,
            "by": user.full_name or user.email,
        },
        PREVIEW_KEEP_SECONDS,
    )
    enqueue(compute_rating_preview, year, user.pk)
    return True


def rating_preview_compute(*, year: int, user=None) -> Rating | None:
    """The background computation: the year's unpublished rating recomputed, or — when the
    latest version is published — a corrected version following it; progress recorded step by
    step. Frees the year for the next computation however it ends."""
    from django.core.cache import cache

    def progress(done: int, total: int, stage: str) -> None:
        _preview_store(year, state=RUNNING, done=done, total=total, stage=stage)

    try:
        _preview_store(year, state=RUNNING)
        latest = Rating.objects.filter(year=year).order_by("-version").first()
        if latest is not None and latest.is_published:
            rating_run = rating_correct(user=user, rating_run=latest, progress=progress)
        else:
            rating_compute(year=year, user=user, progress=progress)
            rating_run = Rating.objects.get(year=year, status=Rating.Status.DRAFT)
    except ValidationError as error:
        _preview_store(
            year, state=FAILED, message=" ".join(error.messages), finished_at=_now().isoformat()
        )
        return None
    except Exception:
        _preview_store(
            year,
            state=FAILED,
            message="Расчёт прервался из-за ошибки; попробуйте ещё раз.",
            finished_at=_now().isoformat(),
        )
        raise
    finally:
        cache.delete(selectors.rating_preview_lock_key(year))
    _preview_store(year, state=DONE, rating_id=rating_run.pk, finished_at=_now().isoformat())
    return rating_run


def rating_check(*, rating_run: Rating, now: dt.datetime | None = None) -> list[dict]:
    changes = frozen.rating_changes(rating_run)
    if changes != rating_run.changes:
        rating_run.changes, rating_run.changes_checked_at = changes, now or _now()
        rating_run.save(update_fields=["changes", "changes_checked_at"])
    return changes


def monthly_report_check(*, report: PpoMonthlyReport, now: dt.datetime | None = None) -> list:
    """Compare an accepted report's figures with its month's figures now; store when new."""
    if report.status != PpoMonthlyReport.Status.ACCEPTED:
        return []
    changes = frozen.monthly_changes(report)
    if changes != report.changes:
        report.changes, report.changes_checked_at = changes, now or _now()
        report.save(update_fields=["changes", "changes_checked_at"])
    return changes


def frozen_outputs_check(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Recompute every current frozen output and store its differences, so that the lists and
    the dashboard can show the stale ones with one query. Queries: a constant number per month
    and per year that has outputs, whatever the number of PPOs.

    Current outputs: the latest version of each month's CC report and of each year's rating
    (an earlier one is already followed by its correction), and every accepted monthly report."""
    now = now or _now()
    stale = {"cc_reports": 0, "ratings": 0, "monthly_reports": 0}
    for report in selectors.cc_reports_current():
        stale["cc_reports"] += bool(cc_report_check(report=report, now=now))
    for rating_run in selectors.ratings_current():
        stale["ratings"] += bool(rating_check(rating_run=rating_run, now=now))
    accepted = (
        PpoMonthlyReport.objects.filter(status=PpoMonthlyReport.Status.ACCEPTED)
        .select_related("organization")
        .order_by("month", "pk")
    )
    by_month: dict[dt.date, list[PpoMonthlyReport]] = {}
    for report in accepted:
        by_month.setdefault(report.month, []).append(report)
    for month, reports in by_month.items():
        period = Period.month(month.year, month.month)
        current = selectors.monthly_figures_many(period, [r.organization_id for r in reports])
        for report in reports:
            report.changes = frozen.monthly_changes(report, current[report.organization_id])
            report.changes_checked_at = now
            stale["monthly_reports"] += bool(report.changes)
        PpoMonthlyReport.objects.bulk_update(
            reports, ["changes", "changes_checked_at"], batch_size=500
        )
    return stale
