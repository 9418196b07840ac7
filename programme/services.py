"""Writes of the programme: execution records (staff in the admin, officers in the cabinet)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.permissions import is_staff_member
from ppo.selectors import officer_organization

from .models import Activity, ExecutionRecord, Section


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
            raise PermissionDenied("Эту строку исполняет ЧРО Профсоюза.")
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
