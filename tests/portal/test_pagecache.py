"""Public pages cached for anonymous visitors (portal/pagecache.py), on the real Redis."""

import datetime as dt
import re

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from media_archive import services as archive_services
from media_archive.models import Album
from portal import pagecache
from portal.models import Organization
from ppo import services as ppo_services
from publications import services as publication_services
from tests.factories import ChannelFactory
from tests.publications.factories import publication_in_state

pytestmark = pytest.mark.django_db

CACHE = pagecache.CACHE_HEADER


@pytest.fixture
def news(world):
    return publication_in_state(
        "published",
        organization=world.org_a,
        author=world.officer_a,
        staff=world.staff,
        title="Спартакиада медицинских работников",
    )


@pytest.fixture
def album(world):
    return archive_services.album_create(
        user=world.staff,
        title="День медицинского работника",
        event_date=dt.date(2025, 6, 15),
        visibility=Album.Visibility.PUBLIC,
        organization=world.org_a,
    )


def _public_pages(world, news, album):
    return [
        "/",
        reverse("publications:news"),
        reverse("publications:news") + f"?ppo={world.org_a.slug}",
        reverse("publications:news_detail", args=[news.pk]),
        reverse("ppo:organization_list"),
        reverse("ppo:organization_detail", args=[world.org_a.slug]),
        reverse("ppo:suggest") + "?q=ППО",
        reverse("media_archive:album_list"),
        reverse("media_archive:album_detail", args=[album.pk]),
    ]


def test_anonymous_second_view_runs_no_query(
    client, world, news, album, django_assert_max_num_queries
):
    for url in _public_pages(world, news, album):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first[CACHE] == "miss", url
        with django_assert_max_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200
        assert second[CACHE] == "hit", url
        assert second.content == first.content, url
        assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_still_passes_through_the_site_middleware(client, world, news):
    url = reverse("publications:news")
    client.get(url)
    hit = client.get(url)
    assert hit[CACHE] == "hit"
    assert hit["Content-Security-Policy"]
    assert hit["X-Request-ID"] != client.get(url)["X-Request-ID"]
    assert "Cookie" in hit["Vary"]


def test_edit_publish_and_unpublish_invalidate_the_news_pages(client, world, news):
    feed = reverse("publications:news")
    detail = reverse("publications:news_detail", args=[news.pk])
    home = "/"
    for url in (feed, detail, home):
        client.get(url)
        assert client.get(url)[CACHE] == "hit"

    # An edit of the published news by staff shows at once.
    publication_services.publication_update(
        user=world.staff, publication=news, title="Спартакиада: итоги"
    )
    for url in (feed, detail, home):
        response = client.get(url)
        assert response[CACHE] == "miss", url
        assert "Спартакиада: итоги" in response.content.decode(), url

    # A news approved now appears in the feed and on the home page.
    fresh = publication_in_state(
        "published",
        organization=world.org_b,
        author=world.officer_b,
        staff=world.staff,
        title="Профсоюзный субботник",
    )
    assert "Профсоюзный субботник" in client.get(feed).content.decode()
    assert "Профсоюзный субботник" in client.get(home).content.decode()
    fresh_detail = reverse("publications:news_detail", args=[fresh.pk])
    assert client.get(fresh_detail).status_code == 200

    # Unpublished (taken back to a draft state): gone from the feed and its page.
    client.get(feed)
    fresh.status = fresh.Status.REJECTED
    fresh.save(update_fields=["status"])
    assert "Профсоюзный субботник" not in client.get(feed).content.decode()
    assert client.get(fresh_detail).status_code == 404


def test_new_subscriber_count_and_ppo_changes_invalidate(client, world):
    home, page = "/", reverse("ppo:organization_detail", args=[world.org_a.slug])
    channel = ChannelFactory(organization=world.org_a, title="Профком в VK", is_public=True)
    client.get(home)
    client.get(page)
    assert client.get(home)[CACHE] == client.get(page)[CACHE] == "hit"
    ppo_services.subscriber_count_record(
        user=world.officer_a, channel=channel, date=timezone.localdate(), count=4321
    )
    response = client.get(home)
    assert response[CACHE] == "miss"
    # The total of the PPOs' channels: 100 (the world's channel) + 4,321.
    assert "4421" in re.sub(r"\s|&nbsp;", "", response.content.decode())
    assert client.get(page)[CACHE] == "miss"

    world.org_a.locality = "Новочебоксарск"
    world.org_a.save(update_fields=["locality"])
    assert "Новочебоксарск" in client.get(page).content.decode()


def test_album_change_invalidates_the_archive(client, world, album):
    listing = reverse("media_archive:album_list")
    client.get(listing)
    assert client.get(listing)[CACHE] == "hit"
    archive_services.album_update(user=world.staff, album=album, title="День медика: фото")
    response = client.get(listing)
    assert response[CACHE] == "miss"
    assert "День медика: фото" in response.content.decode()


def test_organization_record_change_invalidates_every_page(client, world, news):
    feed = reverse("publications:news")
    client.get(feed)
    organization = Organization.objects.get()
    organization.phone = "+7 (8352) 00-11-22"
    organization.save(update_fields=["phone"])
    response = client.get(feed)
    assert response[CACHE] == "miss"


def test_a_news_scheduled_at_a_date_appears_by_its_time(client, world, monkeypatch):
    moment = timezone.now() + dt.timedelta(hours=1)
    publication = publication_in_state(
        "submitted", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    publication_services.publication_approve(
        user=world.staff, publication=publication, publish_at=moment
    )
    feed = reverse("publications:news")
    assert publication.title not in client.get(feed).content.decode()
    assert client.get(feed)[CACHE] == "hit"
    # An hour later, before beat has run: nothing was saved, the page shows it by its time.
    later = moment + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(feed)
    assert response[CACHE] == "miss"
    assert publication.title in response.content.decode()


def test_logged_in_users_never_get_cached_pages(client, world, news):
    feed = reverse("publications:news")
    client.get(feed)
    assert client.get(feed)[CACHE] == "hit"  # the anonymous page is in the cache
    client.force_login(world.officer_a)
    for _ in range(2):
        response = client.get(feed)
        assert CACHE not in response
        assert "Выйти" in response.content.decode()  # their own navigation, not the cached one
        assert response.context is not None  # rendered for them


def test_a_visitor_with_messages_is_not_served_from_the_cache(client, world, news):
    feed = reverse("publications:news")
    client.get(feed)
    client.cookies["messages"] = "anything"
    assert CACHE not in client.get(feed)


def test_anonymous_post_after_a_cached_get_succeeds(world, news, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    feed = reverse("publications:news")
    client.get(feed)
    hit = client.get(feed)
    assert hit[CACHE] == "hit"
    # The cached page carries no token and sets no cookie of anyone's.
    assert "csrfmiddlewaretoken" not in hit.content.decode()
    assert not hit.cookies
    subscribe = reverse("documents:digest_subscribe")
    form = client.get(subscribe)
    assert CACHE not in form  # a page with a form is not a cached page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())[1]
    response = client.post(subscribe, {"email": "reader@example.org", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:digest_subscribe_sent")
    # And the news feed is still served from the cache to the next visitor.
    assert Client().get(feed)[CACHE] == "hit"


def test_a_page_that_used_a_csrf_token_is_never_stored(db):
    from django.http import HttpResponse

    def view():
        return HttpResponse(f"<form>{get_token(request)}</form>")

    for _ in range(2):
        request = RequestFactory().get("/a-form/")
        request.COOKIES = {}
        response = pagecache.serve(request, ("news",), view)
        assert response[CACHE] == "miss"


def test_turned_off_and_a_failing_cache_render_the_page(client, world, news, settings, monkeypatch):
    feed = reverse("publications:news")
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    client.get(feed)
    assert CACHE not in client.get(feed)

    settings.PORTAL_PAGE_CACHE_SECONDS = 300

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(pagecache.cache, "get_many", broken)
    response = client.get(feed)
    assert response.status_code == 200
    assert news.title in response.content.decode()


def test_local_memory_cache_works_too(client, world, news, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    feed = reverse("publications:news")
    client.get(feed)
    assert client.get(feed)[CACHE] == "hit"


@pytest.mark.django_db(transaction=True)
def test_many_changes_in_one_transaction_bump_once_after_the_commit(monkeypatch):
    """Each change bumps its group at once; after the commit the group is bumped (and warmed)
    once for the whole transaction, not once per row; a rolled-back transaction leaves
    nothing pending for the next one."""
    from django.db import transaction

    from ppo.models import MembershipSnapshot
    from tests.factories import OrganizationFactory

    organization = OrganizationFactory()
    bumped, warmed = [], []
    real_bump = pagecache._bump_now
    monkeypatch.setattr(
        pagecache, "_bump_now", lambda groups: (bumped.append(groups), real_bump(groups))
    )
    monkeypatch.setattr(pagecache, "_warm", warmed.append)

    def save(months):
        with transaction.atomic():
            for month in months:
                MembershipSnapshot.objects.create(
                    organization=organization, month=dt.date(2025, month, 1), employees=9, members=9
                )

    save(range(1, 6))
    metrics = (pagecache.METRICS,)
    assert bumped.count(metrics) == 5 + 1  # five at once, one after the commit
    assert warmed.count(metrics) == 1

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        save([6])
        raise Rollback
    bumped.clear(), warmed.clear()
    save([7, 8])
    assert bumped.count(metrics) == 2 + 1
    assert warmed.count(metrics) == 1


def test_bumps_deferred_to_the_end_are_made_once_each(client, world, monkeypatch):
    """A registry import bumps the PPO pages once, when it ends: until then they are served
    from the cache (its rows are not committed yet), afterwards rendered afresh."""
    bumped = []
    real_bump = pagecache._bump_now
    monkeypatch.setattr(
        pagecache, "_bump_now", lambda groups: (bumped.append(groups), real_bump(groups))
    )
    catalogue = reverse("ppo:organization_list")
    client.get(catalogue)
    with pagecache.deferred():
        for organization in (world.org_a, world.org_b):
            organization.locality = "Канаш"
            organization.save(update_fields=["locality"])
        with pagecache.deferred():
            pagecache.bump(pagecache.SITE)
            world.org_a.save(update_fields=["locality"])
        assert bumped == []
        assert client.get(catalogue)[CACHE] == "hit"
    assert sorted(bumped) == [(pagecache.METRICS,), ("ppo", "officers"), (pagecache.SITE,)]
    assert client.get(catalogue)[CACHE] == "miss"
