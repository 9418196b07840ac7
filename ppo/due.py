"""What a PPO must keep up to date: subscriber counts of its channels this month, and its
membership of the month just ended."""

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.due import DueItem, registry
from portal.first_steps import Step
from portal.first_steps import registry as first_steps_registry
from portal.periods import Period

from .models import Channel, MembershipSnapshot, PrimaryOrganization, SubscriberCount
from .selectors import latest_membership


def channel_items(organization, today: dt.date) -> list[DueItem]:
    """Channels in use with no subscriber count dated this month: one query."""
    month = Period.month(today.year, today.month)
    counted = SubscriberCount.objects.filter(channel=OuterRef("pk"), date__gte=month.first_day)
    channels = (
        Channel.objects.filter(organization=organization, retired_on__isnull=True)
        .annotate(counted=Exists(counted))
        .filter(counted=False)
        .only("pk", "title")
        .order_by("title", "pk")
    )
    return [
        DueItem(
            "ppo:subscribers",
            _("Внести число подписчиков канала «%(title)s» за %(month)s")
            % {"title": channel.title, "month": month},
            reverse("ppo:channel_detail", kwargs={"pk": channel.pk}),
            "ppo",
            month.last_day,
        )
        for channel in channels
    ]


def membership_items(organization, today: dt.date) -> list[DueItem]:
    """The membership of the previous month, when the PPO belonged then and it is not
    entered: one query."""
    previous = Period.month(today.year, today.month).previous()
    if organization.joined_on and organization.joined_on > previous.last_day:
        return []
    if MembershipSnapshot.objects.filter(
        organization=organization, month=previous.first_day
    ).exists():
        return []
    url = reverse("ppo:membership") + f"?month={previous.first_day:%Y-%m}"
    return [
        DueItem(
            "ppo:membership",
            _("Внести численность за %(month)s") % {"month": previous},
            url,
            "ppo",
        )
    ]


def items(organization, today: dt.date) -> list[DueItem]:
    return channel_items(organization, today) + membership_items(organization, today)


registry.register(
    "ppo",
    items,
    watch=(Channel, SubscriberCount, MembershipSnapshot),
    owners={SubscriberCount: lambda count: count.channel.organization_id},
)
registry.set_loader(lambda pk: PrimaryOrganization.objects.filter(pk=pk).first())


def first_steps(organization) -> list[Step]:
    """The PPO's channels added and its membership entered once: two queries (the second one
    shared with the cabinet's figure)."""
    return [
        Step(
            "ppo:channels",
            _("Добавить каналы ППО: группу ВКонтакте, канал в Telegram, страницу на сайте"),
            reverse("ppo:channel_create"),
            Channel.objects.filter(organization=organization).exists(),
        ),
        Step(
            "ppo:membership",
            _("Внести численность: членов профсоюза и работников"),
            reverse("ppo:membership"),
            latest_membership(organization) is not None,
        ),
    ]


first_steps_registry.register("ppo", first_steps)
