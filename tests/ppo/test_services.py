import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from ppo import services
from ppo.models import Channel, MembershipSnapshot, OfficerAppointment
from tests.factories import (
    AppointmentFactory,
    ChannelFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_one_open_appointment_per_ppo_is_a_database_rule():
    organization = OrganizationFactory()
    AppointmentFactory(organization=organization)
    with pytest.raises(IntegrityError):
        OfficerAppointment.objects.create(
            organization=organization, user=UserFactory(), starts_on=dt.date(2025, 1, 1)
        )


def test_appointment_open_explains_the_existing_officer():
    organization = OrganizationFactory()
    AppointmentFactory(organization=organization)
    with pytest.raises(ValidationError, match="уже есть действующий ответственный"):
        services.appointment_open(
            organization=organization, user=UserFactory(), starts_on=dt.date(2025, 2, 1)
        )


def test_history_is_kept_after_the_appointment_ends():
    appointment = AppointmentFactory(starts_on=dt.date(2024, 1, 1))
    services.appointment_end(appointment=appointment, ends_on=dt.date(2025, 1, 31))
    successor = services.appointment_open(
        organization=appointment.organization, user=UserFactory(), starts_on=dt.date(2025, 2, 1)
    )
    assert list(appointment.organization.appointments.order_by("starts_on")) == [
        appointment,
        successor,
    ]


def test_appointment_cannot_end_before_it_starts():
    appointment = AppointmentFactory(starts_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="не может быть раньше"):
        services.appointment_end(appointment=appointment, ends_on=dt.date(2024, 4, 30))


def test_members_never_exceed_employees_in_the_database():
    with pytest.raises(IntegrityError):
        MembershipSnapshot.objects.create(
            organization=OrganizationFactory(), month=dt.date(2025, 1, 1), employees=10, members=11
        )


def test_membership_record_corrects_the_month_instead_of_duplicating():
    appointment = AppointmentFactory()
    kwargs = dict(
        user=appointment.user, organization=appointment.organization, month=timezone.localdate()
    )
    services.membership_record(**kwargs, employees=100, members=70)
    snapshot = services.membership_record(**kwargs, employees=100, members=75)
    assert MembershipSnapshot.objects.count() == 1
    assert snapshot.month == timezone.localdate().replace(day=1)
    assert snapshot.level == 75.0


def test_membership_record_refuses_more_members_than_employees():
    appointment = AppointmentFactory()
    with pytest.raises(ValidationError, match="больше, чем работников"):
        services.membership_record(
            user=appointment.user,
            organization=appointment.organization,
            month=timezone.localdate(),
            employees=10,
            members=12,
        )


def test_officer_cannot_write_another_ppo_data():
    appointment = AppointmentFactory()
    with pytest.raises(PermissionDenied):
        services.membership_record(
            user=appointment.user,
            organization=OrganizationFactory(),
            month=dt.date(2025, 3, 1),
            employees=10,
            members=5,
        )
    with pytest.raises(PermissionDenied):
        services.channel_create(
            user=appointment.user,
            organization=None,
            platform="vk",
            url="https://vk.com/chro",
            title="ЧРО",
        )


@pytest.mark.parametrize(
    ("platform", "url", "ok"),
    [
        ("vk", "https://vk.com/profkom", True),
        ("vk", "https://www.vk.ru/profkom", True),
        ("vk", "https://t.me/profkom", False),
        ("telegram", "https://t.me/profkom", True),
        ("telegram", "https://vk.com/profkom", False),
        ("ok", "https://ok.ru/group/1", True),
        ("website", "https://rkb.med.cap.ru/profsoyuz", True),
        ("whatsapp", "https://chat.whatsapp.com/AbC", True),
    ],
)
def test_channel_address_is_checked_for_its_platform(platform, url, ok):
    appointment = AppointmentFactory()
    create = lambda: services.channel_create(  # noqa: E731
        user=appointment.user,
        organization=appointment.organization,
        platform=platform,
        url=url,
        title="Профком",
    )
    if ok:
        assert create().url == url
    else:
        with pytest.raises(ValidationError, match="должен начинаться с"):
            create()


def test_subscriber_counts_one_per_channel_and_day():
    appointment = AppointmentFactory()
    channel = ChannelFactory(organization=appointment.organization)
    today = timezone.localdate()
    services.subscriber_count_record(user=appointment.user, channel=channel, date=today, count=100)
    services.subscriber_count_record(user=appointment.user, channel=channel, date=today, count=120)
    assert channel.counts.get().count == 120  # the second save corrects the day's count


def test_retired_channel_takes_no_later_counts():
    appointment = AppointmentFactory()
    channel = ChannelFactory(organization=appointment.organization)
    services.channel_retire(user=appointment.user, channel=channel, on=dt.date(2025, 1, 31))
    with pytest.raises(ValidationError, match="Канал закрыт"):
        services.subscriber_count_record(
            user=appointment.user, channel=channel, date=dt.date(2025, 2, 28), count=1
        )
    assert Channel.objects.get(pk=channel.pk).retired_on == dt.date(2025, 1, 31)


def test_membership_level_is_derived():
    assert MembershipFactory(employees=200, members=173).level == 86.5
