"""The two staff pages: in the «Аппарат» menu, constant queries for any number of PPOs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from integrations.models import ChannelCollection, UnionPageCheck
from ppo.models import Channel
from tests.factories import ChannelFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _add_ppos(first: int, last: int) -> None:
    """PPOs with a VK and a Telegram channel (one collected, one failed) and a union page in a
    different state each."""
    now = timezone.now()
    statuses = list(UnionPageCheck.Status)
    for index in range(first, last):
        organization = OrganizationFactory(union_page_url=f"https://hospital{index}.example/union/")
        vk = ChannelFactory(organization=organization)
        telegram = ChannelFactory(
            organization=organization,
            platform=Channel.Platform.TELEGRAM,
            url=f"https://t.me/profkom_{index}_chan",
        )
        ChannelCollection.objects.create(
            channel=vk, status="ok", attempted_at=now, succeeded_at=now, api_count=100 + index
        )
        ChannelCollection.objects.create(
            channel=telegram,
            status="failed",
            attempted_at=now,
            error_code="closed",
            error="Канал закрыт для бота: добавьте бота портала в канал администратором.",
        )
        if index % 5 != 4:  # every fifth one never checked
            UnionPageCheck.objects.create(
                organization=organization,
                url=organization.union_page_url,
                status=statuses[index % len(statuses)],
                checked_at=now,
                content_changed_at=now - dt.timedelta(days=30 * index),
            )


@pytest.mark.parametrize("name", ["integrations:channels", "integrations:union_pages"])
def test_staff_pages_make_constant_queries(client, world, name, django_assert_max_num_queries):
    client.force_login(world.staff)
    url = reverse(name)
    client.get(url)  # warm the per-process caches (content types, sessions)
    counts = []
    for first, last in ((0, 3), (3, 30)):
        _add_ppos(first, last)
        with django_assert_max_num_queries(10) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], f"3 PPOs: {counts[0]} queries, 30 PPOs: {counts[1]}"
    page = response.content.decode()
    if name == "integrations:channels":
        assert page.count("Канал закрыт для бота") == 30
    else:
        assert page.count("не проверялась") == 6


def test_staff_pages_are_in_the_staff_menu(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("publications:queue")).content.decode()
    menu = page.split("Аппарат", 1)[1].split("</ul>", 1)[0]
    assert reverse("integrations:channels") in menu
    assert "Сбор подписчиков каналов" in menu
    assert reverse("integrations:union_pages") in menu
    assert "Профсоюзные страницы на сайтах" in menu


def test_officers_do_not_see_the_staff_menu(client, world):
    client.force_login(world.officer_a)
    page = client.get(reverse("ppo:cabinet")).content.decode()
    assert reverse("integrations:channels") not in page
    assert reverse("integrations:union_pages") not in page
