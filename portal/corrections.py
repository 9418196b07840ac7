"""Who may change a PPO's figures of a month: the open period and the apps that close it.

An officer enters and corrects the figures (subscriber counts, membership) of the open period:
the current month, and the previous month until an app closes it (the monthly report, once
accepted, says the month's figures were checked). Anything older, or closed, is changed by
staff only. Apps register a ``closer(organization_id, month) -> str | None`` here (the reason,
shown to the officer), so that the spine never imports them.
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from .organization import abbreviation
from .periods import MONTH_NAMES

Closer = Callable[[int, dt.date], str | None]
_closers: list[Closer] = []


def register_period_closer(closer: Closer) -> Closer:
    if closer not in _closers:
        _closers.append(closer)
    return closer


def month_label(month: dt.date) -> str:
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def closed_for_officer(organization_id: int | None, day: dt.date) -> str | None:
    """Why an officer may not change the figures of the day's month (None: they may)."""
    month = day.replace(day=1)
    current = timezone.localdate().replace(day=1)
    previous = (current - dt.timedelta(days=1)).replace(day=1)
    if month >= current:
        return None
    if month < previous:
        return (
            f"Период «{month_label(month)}» закрыт: показатели прошлых периодов исправляет "
            f"аппарат {abbreviation()}. Напишите специалисту по информационной работе."
        )
    for closer in _closers:
        reason = closer(organization_id, month) if organization_id else None
        if reason:
            return reason
    return None


def open_months(organization_id: int | None) -> set[dt.date]:
    """The months (first days) whose figures the PPO's officer may still change: the current
    one, and the previous one unless an app closed it (a query per registered closer)."""
    current = timezone.localdate().replace(day=1)
    previous = (current - dt.timedelta(days=1)).replace(day=1)
    months = {current}
    if closed_for_officer(organization_id, previous) is None:
        months.add(previous)
    return months
