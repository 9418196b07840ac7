"""The pages an officer works in stay flat as the union grows: the cabinet's home and their PPO's
page cost the same SQL queries at a few PPOs and at many, and few of them (the page cache is
off: these pages are rendered for every logged-in view anyway)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.due import stale
from ppo.models import Channel, PrimaryOrganization
from tests.factories import AppointmentFactory, ChannelFactory
from tests.portal.test_public_scale import grow_union_to

pytestmark = pytest.mark.django_db

CABINET_QUERIES = 10
PPO_PAGE_QUERIES = 10


@pytest.fixture(autouse=True)
def _rendered(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def officer():
    """An officer whose PPO has what its pages show: a membership figure, channels (one with a
    count), three published news (each card names its PPO), and the ЧРО's own channel in the
    footer."""
    grow_union_to(1)
    organization = PrimaryOrganization.objects.get()
    user = AppointmentFactory(organization=organization).user
    ChannelFactory(organization=organization, platform=Channel.Platform.TELEGRAM)
    ChannelFactory(organization=None)
    return user, organization


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _officer_pages(client, organization) -> dict[str, int]:
    cabinet = reverse("ppo:cabinet")
    page = reverse("ppo:organization_detail", kwargs={"slug": organization.slug})
    stale()  # (bulk_create sends no signals) the first view computes the due items afresh
    first = _queries(client, cabinet)
    return {
        "cabinet, due items computed": first,
        "cabinet": _queries(client, cabinet),
        "PPO page": _queries(client, page),
    }


def test_cabinet_and_ppo_page_of_the_officer_are_flat_in_queries(client, officer):
    user, organization = officer
    client.force_login(user)
    grow_union_to(10)
    small = _officer_pages(client, organization)
    grow_union_to(200)
    large = _officer_pages(client, organization)
    assert large == small
    assert small["cabinet"] <= CABINET_QUERIES, small
    assert small["PPO page"] <= PPO_PAGE_QUERIES, small
    # The due items come from the cache until something they are computed from changes.
    assert small["cabinet, due items computed"] > small["cabinet"]


def test_the_pages_show_what_they_read_once(client, officer):
    user, organization = officer
    client.force_login(user)
    html = client.get(reverse("ppo:cabinet")).content.decode()
    assert "150 членов профсоюза из 200 работников" in html
    assert "Первые шаги" not in html  # channels added and membership entered
    page = client.get(reverse("ppo:organization_detail", kwargs={"slug": organization.slug}))
    html = page.content.decode()
    assert html.count(organization.short_name) >= 3 + 1  # every card names it, as the title
    assert f"Новость {organization.slug} № 2" in html
