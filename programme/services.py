"""Writes of the programme: execution records (staff in the admin, officers in the cabinet),
the programme's lifecycle (activate, close with its final results frozen, copy into the next
programme) and the saved versions of the report to the Presidium."""

import datetime as dt
import re

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.jobs import enqueue_later
from portal.organization import abbreviation
from portal.permissions import is_staff_member
from ppo.selectors import officer_organization

from . import execution
from .models import (
    Activity,
    CommissionMeeting,
    ExecutionRecord,
    FinalResult,
    Indicator,
    IndicatorTarget,
    Measure,
    PresidiumReport,
    Programme,
    Section,
)


@transaction.atomic
def execution_record_create(
    *,
    user,
    activity: Activity,
    organization=None,
    date: dt.date,
    text: str,
    evidence_file=None,
    evidence_url: str = "",
) -> ExecutionRecord:
    """Record what was done on an activity. An officer records only their own PPO's work on a
    line every PPO carries out; staff record anything."""
    if not is_staff_member(user):
        own = officer_organization(user)
        if own is None or organization is None or organization.pk != own.pk:
            raise PermissionDenied("Отметку можно внести только за свою ППО.")
        if activity.responsible != Section.Responsible.EACH_PPO:
            raise PermissionDenied(f"Эту строку исполняет {abbreviation()} Профсоюза.")
    if activity.measure.section.programme.is_closed:
        raise ValidationError(
            {"activity": _("Программа завершена, её итоги зафиксированы: отметки не вносятся.")},
            code="programme_closed",
        )
    record = ExecutionRecord(
        activity=activity,
        organization=organization,
        date=date,
        text=(text or "").strip(),
        evidence_file=evidence_file or "",
        evidence_url=(evidence_url or "").strip(),
        recorded_by=user,
    )
    if record.date and record.date > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError({"date": "Дата исполнения не может быть в будущем."}, code="future")
    record.full_clean()
    record.save()
    return record


def _locked(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def programme_activate(*, programme: Programme, user=None) -> Programme:
    """A draft becomes the programme in force. One programme is active at a time (also a
    database constraint), and programmes in force never share a year."""
    programme = _locked(programme)
    if programme.status != Programme.Status.DRAFT:
        raise ValidationError(
            _("Ввести в действие можно только проект программы."), code="not_draft"
        )
    active = Programme.objects.filter(status=Programme.Status.ACTIVE).first()
    if active is not None:
        raise ValidationError(
            _("Действует программа «%(title)s»: сначала завершите её.") % {"title": active},
            code="another_active",
        )
    overlapping = (
        Programme.objects.exclude(status=Programme.Status.DRAFT)
        .exclude(pk=programme.pk)
        .filter(year_from__lte=programme.year_to, year_to__gte=programme.year_from)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            _("Годы программы пересекаются с программой «%(title)s».") % {"title": overlapping},
            code="years_overlap",
        )
    if not Activity.objects.filter(measure__section__programme=programme).exists():
        raise ValidationError(
            _("В программе нет ни одной строки мероприятий."), code="empty_programme"
        )
    programme.status = Programme.Status.ACTIVE
    programme.activated_at = timezone.now()
    programme.full_clean()
    programme.save(update_fields=["status", "activated_at"])
    return programme


@transaction.atomic
def programme_close(
    *, programme: Programme, user=None, today: dt.date | None = None
) -> FinalResult:
    """Close the active programme and freeze its final results (per line, per indicator, per
    PPO) as of its last day, or today when it is closed early."""
    programme = _locked(programme)
    if programme.status != Programme.Status.ACTIVE:
        raise ValidationError(_("Завершить можно только действующую программу."), code="not_active")
    today = today or timezone.localdate()
    as_of = min(today, dt.date(programme.year_to, 12, 31))
    data = execution.programme_execution(programme, as_of=as_of, with_ppos=True)
    result = FinalResult(programme=programme, as_of=as_of, data=data, closed_by=user)
    result.full_clean(exclude=["programme"])
    result.save()
    programme.status = Programme.Status.CLOSED
    programme.closed_at = timezone.now()
    programme.save(update_fields=["status", "closed_at"])
    return result


def _shift_years_in_text(text: str, *, offset: int, years: range) -> str:
    def shift(match):
        year = int(match.group(0))
        return str(year + offset) if year in years else match.group(0)

    return re.sub(r"(?<!\d)(19|20)\d{2}(?!\d)", shift, text)


@transaction.atomic
def programme_copy(
    *,
    programme: Programme,
    title: str,
    year_from: int,
    year_to: int,
    approved_by: str = "",
    approved_on: dt.date | None = None,
    note: str = "",
    user=None,
) -> Programme:
    """A draft of the next programme: the passport, sections, measures and lines (schedules,
    weights, metric bindings) and the indicators with their yearly targets, moved to the new
    years. Execution records, trainings and results are not copied: they belong to the old
    programme."""
    offset = year_from - programme.year_from
    old_years = range(programme.year_from, programme.year_to + 1)

    def shifted(year: int | None) -> int | None:
        if year is None:
            return None
        return min(max(year + offset, year_from), year_to)

    def text(value: str) -> str:
        return _shift_years_in_text(value, offset=offset, years=old_years)

    copy = Programme(
        title=title.strip(),
        status=Programme.Status.DRAFT,
        year_from=year_from,
        year_to=year_to,
        approved_by=approved_by.strip() or _("Проект: не утверждена"),
        approved_on=approved_on or timezone.localdate(),
        participants=programme.participants,
        coordinator=programme.coordinator,
        goals=programme.goals,
        indicators_text=programme.indicators_text,
        period_text=text(programme.period_text),
        financing=programme.financing,
        control=programme.control,
        signed_by=programme.signed_by,
        note=note,
        copied_from=programme,
    )
    copy.full_clean()
    copy.save()
    for section in programme.sections.order_by("order").prefetch_related("measures__activities"):
        new_section = Section.objects.create(
            programme=copy,
            number=section.number,
            title=section.title,
            responsible=section.responsible,
            weight=section.weight,
            order=section.order,
        )
        for measure in section.measures.all():
            new_measure = Measure.objects.create(
                section=new_section,
                number=measure.number,
                title=measure.title,
                weight=measure.weight,
            )
            Activity.objects.bulk_create(
                Activity(
                    measure=new_measure,
                    order=activity.order,
                    text=activity.text,
                    schedule_text=text(activity.schedule_text),
                    schedule_kind=activity.schedule_kind,
                    year_from=shifted(activity.year_from),
                    year_to=shifted(activity.year_to),
                    due_month=activity.due_month,
                    responsible=activity.responsible,
                    weight=activity.weight,
                    metric_key=activity.metric_key,
                    target_rule=activity.target_rule,
                    target_value=activity.target_value,
                    evidence_text=activity.evidence_text,
                )
                for activity in measure.activities.all()
            )
    for indicator in programme.indicators.prefetch_related("targets"):
        new_indicator = Indicator.objects.create(
            programme=copy,
            number=indicator.number,
            title=indicator.title,
            metric_key=indicator.metric_key,
            unit=indicator.unit,
            # The new programme starts from where the old one ended: staff set the figure.
            baseline_year=year_from,
            baseline_value=None,
        )
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(indicator=new_indicator, year=t.year + offset, value=t.value)
            for t in indicator.targets.all()
            if year_from <= t.year + offset <= year_to
        )
    return copy


@transaction.atomic
def presidium_report_save(*, programme: Programme, as_of: dt.date, user) -> PresidiumReport:
    """Save the report to the Presidium on the programme's execution as of a date, frozen."""
    if not is_staff_member(user):
        raise PermissionDenied(
            _("Сохранять отчёт может только аппарат %(name)s.") % {"name": abbreviation()}
        )
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Дата отчёта не может быть в будущем.")}, code="future")
    if not programme.approved_on <= as_of:
        raise ValidationError(
            {
                "as_of": _("Программа утверждена %(date)s: выберите дату не раньше.")
                % {"date": f"{programme.approved_on:%d.%m.%Y}"}
            },
            code="before_programme",
        )
    report = PresidiumReport(
        programme=programme,
        as_of=as_of,
        data=execution.programme_execution(programme, as_of=as_of),
        created_by=user,
    )
    report.full_clean()
    report.save()
    return report


def commission_meeting_create(
    *,
    user,
    date: dt.date,
    agenda: str,
    minutes_file=None,
    minutes_number: str = "",
) -> CommissionMeeting:
    """Record a meeting of the commission on information work with its minutes."""
    if not is_staff_member(user):
        raise PermissionDenied(_("Вносить заседания комиссии может только аппарат."))
    meeting = CommissionMeeting(
        date=date,
        agenda=(agenda or "").strip(),
        minutes_file=minutes_file or "",
        minutes_number=(minutes_number or "").strip(),
        created_by=user,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


WARM_LOCK = "programme:dashboard-warm"
# How long a scheduled warm-up holds its lock at most beyond its delay (the job's time limit; the
# job itself releases it when it starts).
WARM_LOCK_SPARE_SECONDS = 150


def warm_lock(year: int | None) -> str:
    return f"{WARM_LOCK}:{year or 'default'}"


def dashboard_warm_schedule(*, year: int | None = None, delay: int | None = None) -> bool:
    """After a committed change of the data behind a metric: the dashboard's figures for the year
    it opens with (or ``year``) are recomputed by a worker ``PORTAL_DASHBOARD_WARM_SECONDS``
    later (or ``delay``), so that the next visitor finds them in the cache. A burst of changes
    (an import) shares one job: the first schedules it and holds a lock until the job starts,
    the job computes for the data as they are when it runs. Whether a job is on its way (False:
    warm-ups are off, the figures are computed by the request that needs them)."""
    from .tasks import warm_dashboard

    configured = getattr(settings, "PORTAL_DASHBOARD_WARM_SECONDS", 0)
    if configured <= 0 or getattr(settings, "PORTAL_DASHBOARD_CACHE_SECONDS", 0) <= 0:
        return False
    delay = configured if delay is None else delay
    if cache.add(warm_lock(year), 1, timeout=delay + WARM_LOCK_SPARE_SECONDS):
        enqueue_later(delay, warm_dashboard, year=year)
    return True


def dashboard_refresh(year: int) -> bool:
    """A visitor found the figures of ``year`` out of date: a job computes them now."""
    return dashboard_warm_schedule(year=year, delay=0)
