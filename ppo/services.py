"""Writes of PPO data. Keyword-only, atomic, validated; ValidationError for the user's mistakes."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.db import save_one_per_key

from .models import (
    Channel,
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


@transaction.atomic
def subscriber_count_record(
    *, user, channel: Channel, date: dt.date, count: int
) -> SubscriberCount:
    """Record the subscribers of a channel on a date (one per channel and day)."""
    _check_can_edit(user, channel.organization)
    if channel.retired_on and date > channel.retired_on:
        raise ValidationError(
            {
                "date": "Канал закрыт с %s: подписчиков после этой даты не вносят."
                % channel.retired_on.strftime("%d.%m.%Y")
            },
            code="retired",
        )
    record = SubscriberCount(channel=channel, date=date, count=count, recorded_by=user)
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # A concurrent submit of the same day won between the check above and the insert:
        # the same answer as when it had been saved first.
        raise ValidationError("За эту дату число подписчиков уже внесено.", code="unique") from None
    return record


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
    """Record (or correct) the membership figures of a PPO for a month."""
    _check_can_edit(user, organization)
    month = month.replace(day=1)
    today = timezone.localdate()
    if month > today.replace(day=1):
        raise ValidationError(
            {"month": "Нельзя внести численность за будущий месяц."}, code="future"
        )

    def change(snapshot: MembershipSnapshot) -> None:
        snapshot.employees, snapshot.members = employees, members
        snapshot.joined, snapshot.left = joined, left
        snapshot.full_clean(validate_unique=False)

    # A concurrent first save of the month is retried as an update (see save_one_per_key).
    return save_one_per_key(
        load=lambda: (
            MembershipSnapshot.objects.select_for_update()
            .filter(organization=organization, month=month)
            .first()
        ),
        build=lambda: MembershipSnapshot(organization=organization, month=month),
        change=change,
    )


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
