"""The pages an officer works in stay flat as the union grows: the cabinet's home and their PPO's
page cost the same SQL queries at a few PPOs and at many, cold (nothing kept in the cache) and
warm, and few of them when warm: what every page repeats (the organization's record, the
officer's PPO and roles, the footer) and the parts that are the same for everyone who sees them
(the PPO page's body, the cabinet's figures) are kept in the cache until their rows change
(``portal.pagecache.kept``), while the public page cache is off, as it is for any logged-in
view."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.due import stale
from ppo.models import Channel, PrimaryOrganization
from tests.factories import AppointmentFactory, ChannelFactory
from tests.portal.test_public_scale import grow_union_to

pytestmark = pytest.mark.django_db

# The session and the user; the PPO itself (by its address) on its page.
CABINET_QUERIES = 2
PPO_PAGE_QUERIES = 3


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
    cache.clear()  # and nothing is kept
    return {
        "cabinet, cold": _queries(client, cabinet),
        "PPO page, cold": _queries(client, page),
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
    # The due items and the kept parts come from the cache until what they show changes.
    assert small["cabinet, cold"] > small["cabinet"]
    assert small["PPO page, cold"] > small["PPO page"]


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
