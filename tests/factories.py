"""Factories (factory_boy) and the role world used by the access tests."""

import datetime as dt
from dataclasses import dataclass

import factory
from django.contrib.auth.models import AnonymousUser, Group

from portal.models import User
from portal.roles import PRESIDIUM_GROUP, STAFF_GROUP
from ppo.models import (
    Channel,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)

PASSWORD = "pass-for-tests-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Тестов Тест {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrimaryOrganization

    full_name = factory.Sequence(lambda n: f"Первичная профсоюзная организация больницы № {n}")
    short_name = factory.Sequence(lambda n: f"ППО больницы № {n}")
    slug = factory.Sequence(lambda n: f"ppo-{n}")
    medical_organization = factory.Sequence(lambda n: f"БУ «Больница № {n}»")
    locality = "Чебоксары"
    # Long a member: a test about a past period counts it unless it says otherwise.
    joined_on = dt.date(2000, 1, 1)


def bulk_organizations(numbers):
    """PPOs numbered `numbers`, made by one insert (hundreds of them for a test at scale)."""
    return PrimaryOrganization.objects.bulk_create(
        PrimaryOrganization(
            full_name=f"Первичная профсоюзная организация больницы № {n} (массово)",
            short_name=f"ППО больницы № {n} (массово)",
            slug=f"bulk-{n}",
            medical_organization=f"БУ «Больница № {n}»",
            joined_on=dt.date(2000, 1, 1),
        )
        for n in numbers
    )


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerAppointment

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    starts_on = dt.date(2024, 1, 1)


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    organization = factory.SubFactory(OrganizationFactory)
    platform = Channel.Platform.VK
    url = factory.Sequence(lambda n: f"https://vk.com/club{n}")
    title = factory.Sequence(lambda n: f"Профком {n}")


class SubscriberCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubscriberCount

    channel = factory.SubFactory(ChannelFactory)
    date = dt.date(2025, 1, 31)
    count = 100


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipSnapshot

    organization = factory.SubFactory(OrganizationFactory)
    month = dt.date(2025, 1, 1)
    employees = 100
    members = 80


def staff_user(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


def presidium_user(**kwargs) -> User:
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=PRESIDIUM_GROUP))
    return user


@dataclass
class World:
    """Two PPOs with their officers, a Presidium member and a staff member.

    ``objects`` holds things of PPO A that routes point at (``{"channel": ...}``); an app's
    route table may add its own through ``extend``."""

    org_a: PrimaryOrganization
    org_b: PrimaryOrganization
    officer_a: User
    officer_b: User
    presidium: User
    staff: User
    objects: dict

    def user(self, role: str):
        return AnonymousUser() if role == "anonymous" else getattr(self, role)


ROLES = ["anonymous", "officer_a", "officer_b", "presidium", "staff"]


def make_world() -> World:
    org_a = OrganizationFactory(short_name="ППО А", slug="ppo-a")
    org_b = OrganizationFactory(short_name="ППО Б", slug="ppo-b")
    officer_a = AppointmentFactory(organization=org_a).user
    officer_b = AppointmentFactory(organization=org_b).user
    channel = ChannelFactory(organization=org_a)
    SubscriberCountFactory(channel=channel)
    return World(
        org_a=org_a,
        org_b=org_b,
        officer_a=officer_a,
        officer_b=officer_b,
        presidium=presidium_user(),
        staff=staff_user(),
        objects={"channel": channel},
    )


# The record the data migration creates (portal/migrations/0005_...): the Chuvash organization.
CHUVASH_RECORD = {
    "full_name": "Чувашская республиканская организация Профсоюза работников здравоохранения РФ",
    "full_name_genitive": (
        "Чувашской республиканской организации Профсоюза работников здравоохранения РФ"
    ),
    "legal_name": (
        "Чувашская республиканская организация Профессионального союза работников "
        "здравоохранения Российской Федерации"
    ),
    "short_name": "ЧРО Профсоюза",
    "abbreviation": "ЧРО",
    "site_name": "Портал ЧРО Профсоюза работников здравоохранения",
    "region": "Чувашская Республика",
    "region_genitive": "Чувашской Республики",
}


def ensure_organization_record():
    """The organization's row, recreated after a transactional test flushed the database."""
    from portal.models import Organization

    Organization.objects.get_or_create(pk=Organization.SINGLETON_PK, defaults=CHUVASH_RECORD)
