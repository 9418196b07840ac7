"""The public pages stay flat as the union grows: the same SQL queries and about the same HTML
at a few PPOs and at many (rendered, with the page cache off: this is the work of a miss)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ppo.models import Channel, MembershipSnapshot, PrimaryOrganization, SubscriberCount
from publications.models import Publication
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rendered(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


def grow_union_to(n: int) -> None:
    """PPOs with membership, a channel with a count and three published news each."""
    author = UserFactory()
    month = timezone.localdate().replace(day=1)
    organizations = PrimaryOrganization.objects.bulk_create(
        OrganizationFactory.build_batch(n - PrimaryOrganization.objects.count())
    )
    MembershipSnapshot.objects.bulk_create(
        MembershipSnapshot(organization=o, month=month, employees=200, members=150)
        for o in organizations
    )
    channels = Channel.objects.bulk_create(
        Channel(organization=o, platform="vk", url=f"https://vk.com/{o.slug}", title="Профком")
        for o in organizations
    )
    SubscriberCount.objects.bulk_create(
        SubscriberCount(channel=c, date=month, count=300) for c in channels
    )
    moment = timezone.now() - dt.timedelta(days=1)
    Publication.objects.bulk_create(
        Publication(
            organization=o,
            author=author,
            title=f"Новость {o.slug} № {k}",
            lead="Коротко.",
            body="<p>Текст.</p>",
            status=Publication.Status.PUBLISHED,
            submitted_at=moment,
            approved_at=moment,
            published_at=moment - dt.timedelta(days=40 * k),
        )
        for o in organizations
        for k in range(3)
    )


def _count_queries(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # a miss: nothing kept either (the rows above were added with no signal)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("url", ["/", reverse("publications:news")])
def test_home_and_news_feed_are_flat_in_queries_and_size(client, url):
    grow_union_to(5)
    small_queries, small = _count_queries(client, url)
    grow_union_to(120)
    large_queries, large = _count_queries(client, url)
    assert large_queries == small_queries
    assert small_queries <= 12
    # Only the numbers in the names and totals grow; no list of every PPO or month.
    assert len(large) <= len(small) * 1.05, (len(small), len(large))
    # The feed's filter offers months and rubrics, never a choice of every PPO.
    assert large.count("<option") == small.count("<option")


def test_home_shows_the_totals_of_all_ppos(client):
    grow_union_to(40)
    body = re.sub(r"\s|&nbsp;", "", client.get("/").content.decode())
    assert "12000" in body  # 40 PPOs × 300 subscribers
    assert "75,0" in body  # 150 of 200 members in every PPO
