"""Writes of PPO data. Keyword-only, atomic, validated; ValidationError for the user's mistakes."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.corrections import closed_for_officer
from portal.db import save_one_per_key
from portal.permissions import is_staff_member

from .models import (
    Channel,
    FigureChange,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)
from .permissions import can_edit_organization_data

CHANNEL_FIELDS = ("platform", "url", "title", "is_public")


def _check_can_edit(user, organization):
    if not can_edit_organization_data(user, organization):
        raise PermissionDenied("Нет прав на изменение данных этой организации.")


@transaction.atomic
def channel_create(
    *,
    user,
    organization: PrimaryOrganization | None,
    platform: str,
    url: str,
    title: str,
    is_public: bool = True,
) -> Channel:
    _check_can_edit(user, organization)
    channel = Channel(
        organization=organization,
        platform=platform,
        url=url.strip(),
        title=title.strip(),
        is_public=is_public,
    )
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_update(*, user, channel: Channel, **changes) -> Channel:
    _check_can_edit(user, channel.organization)
    unknown = set(changes) - set(CHANNEL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown channel fields: {unknown}")
    for name, value in changes.items():
        setattr(channel, name, value.strip() if isinstance(value, str) else value)
    channel.full_clean()
    channel.save(update_fields=list(changes))
    return channel


@transaction.atomic
def channel_retire(*, user, channel: Channel, on: dt.date | None = None) -> Channel:
    _check_can_edit(user, channel.organization)
    if channel.retired_on is not None:
        raise ValidationError("Канал уже закрыт.", code="already_retired")
    channel.retired_on = on or timezone.localdate()
    channel.save(update_fields=["retired_on"])
    return channel


@transaction.atomic
def channel_restore(*, user, channel: Channel) -> Channel:
    _check_can_edit(user, channel.organization)
    channel.retired_on = None
    channel.save(update_fields=["retired_on"])
    return channel


def _check_period_open(user, organization, day: dt.date, field: str) -> None:
    """An officer changes only the open period's figures (portal.corrections); staff any."""
    if is_staff_member(user):
        return
    reason = closed_for_officer(organization.pk if organization else None, day)
    if reason:
        raise ValidationError({field: ValidationError(reason, code="period_closed")})


def _record_change(*, user, subject, before: dict, after: dict) -> FigureChange | None:
    """The history entry of an entry or a correction (none when nothing changed)."""
    if before == after:
        return None
    field = "subscriber_count" if isinstance(subject, SubscriberCount) else "membership"
    change = FigureChange(
        **{field: subject},
        action=FigureChange.Action.CORRECTED if before else FigureChange.Action.ENTERED,
        before=before,
        after=after,
        changed_by=user,
        by_staff=is_staff_member(user),
    )
    change.full_clean()
    change.save()
    return change


SUBSCRIBER_FIELDS = ("count",)
MEMBERSHIP_FIELDS = ("employees", "members", "joined", "left")


def _values(row, names) -> dict:
    return {name: getattr(row, name) for name in names}


def subscriber_count_validate(*, user, channel: Channel, date: dt.date) -> None:
    """May the user record (or correct) the channel's count of the date? (Also the admin's
    form check, so that its messages show next to the fields.)"""
    _check_can_edit(user, channel.organization)
    if channel.retired_on and date > channel.retired_on:
        raise ValidationError(
            {
                "date": "Канал закрыт с %s: подписчиков после этой даты не вносят."
                % channel.retired_on.strftime("%d.%m.%Y")
            },
            code="retired",
        )
    if date > timezone.localdate():
        raise ValidationError({"date": "Нельзя внести подписчиков за будущую дату."}, code="future")
    _check_period_open(user, channel.organization, date, "date")


@transaction.atomic
def subscriber_count_record(
    *, user, channel: Channel, date: dt.date, count: int
) -> SubscriberCount:
    """Record the subscribers of a channel on a date, or correct the day's count (one per
    channel and day); each entry and correction is kept in the history with its author.

    An officer changes the open period only (the current month, the previous one until its
    monthly report is accepted); staff change any, and that is recorded as well. The returned
    row's ``last_change`` is the history entry this call wrote (None: nothing changed)."""
    subscriber_count_validate(user=user, channel=channel, date=date)
    before: dict = {}

    def load():
        nonlocal before
        rows = SubscriberCount.objects.select_for_update().filter(channel=channel, date=date)
        row = rows.order_by().first()  # no ordering: it would join the channel
        before = _values(row, SUBSCRIBER_FIELDS) if row else {}
        return row

    def change(record: SubscriberCount) -> None:
        record.count = count
        if record._state.adding:
            record.recorded_by = user
        else:  # a person's correction of a collected or demo count is a manual figure now
            record.source, record.collected_at = SubscriberCount.Source.MANUAL, None
        record.full_clean(validate_unique=False)

    # A concurrent first save of the day is retried as a correction (see save_one_per_key).
    record = save_one_per_key(
        load=load, build=lambda: SubscriberCount(channel=channel, date=date), change=change
    )
    record.last_change = _record_change(
        user=user, subject=record, before=before, after=_values(record, SUBSCRIBER_FIELDS)
    )
    return record


def membership_validate(*, user, organization: PrimaryOrganization, month: dt.date) -> None:
    """May the user record (or correct) the PPO's membership of the month?"""
    _check_can_edit(user, organization)
    if month.replace(day=1) > timezone.localdate().replace(day=1):
        raise ValidationError(
            {"month": "Нельзя внести численность за будущий месяц."}, code="future"
        )
    _check_period_open(user, organization, month, "month")


@transaction.atomic
def membership_record(
    *,
    user,
    organization: PrimaryOrganization,
    month: dt.date,
    employees: int,
    members: int,
    joined: int = 0,
    left: int = 0,
) -> MembershipSnapshot:
    """Record (or correct) the membership figures of a PPO for a month, with the history of
    who entered and who changed what; the open period only for an officer (see above)."""
    month = month.replace(day=1)
    membership_validate(user=user, organization=organization, month=month)
    before: dict = {}

    def load():
        nonlocal before
        row = (
            MembershipSnapshot.objects.select_for_update()
            .filter(organization=organization, month=month)
            .order_by()
            .first()
        )
        before = _values(row, MEMBERSHIP_FIELDS) if row else {}
        return row

    def change(snapshot: MembershipSnapshot) -> None:
        snapshot.employees, snapshot.members = employees, members
        snapshot.joined, snapshot.left = joined, left
        snapshot.full_clean(validate_unique=False)

    # A concurrent first save of the month is retried as an update (see save_one_per_key).
    snapshot = save_one_per_key(
        load=load,
        build=lambda: MembershipSnapshot(organization=organization, month=month),
        change=change,
    )
    snapshot.last_change = _record_change(
        user=user, subject=snapshot, before=before, after=_values(snapshot, MEMBERSHIP_FIELDS)
    )
    return snapshot


@transaction.atomic
def appointment_open(
    *, organization: PrimaryOrganization, user, starts_on: dt.date, basis: str = ""
) -> OfficerAppointment:
    """Appoint an officer. A PPO has at most one open appointment: end the current one first."""
    appointment = OfficerAppointment(
        organization=organization, user=user, starts_on=starts_on, basis=basis
    )
    appointment.full_clean()
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:  # a concurrent appointment won the race
        raise ValidationError(
            "У этой ППО уже есть действующий ответственный.", code="open_appointment_exists"
        ) from error
    return appointment


@transaction.atomic
def appointment_end(*, appointment: OfficerAppointment, ends_on: dt.date) -> OfficerAppointment:
    appointment.ends_on = ends_on
    appointment.full_clean()
    appointment.save(update_fields=["ends_on"])
    return appointment
