"""Query counts that do not grow with the items shown; list pages show renditions only;
search and filters; the admin's bulk move; metrics."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from media_archive.models import Album, MediaItem
from portal.metrics import registry
from portal.periods import Period
from tests.factories import OrganizationFactory
from tests.media_archive.factories import AlbumFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def _fill(world, albums: int, photos: int):
    for index in range(albums):
        album = AlbumFactory(
            organization=world.org_a if index % 2 else world.org_b,
            tags=["спорт", f"метка{index}"],
        )
        for _ in range(photos):
            PhotoFactory(album=album)


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("role", ["anonymous", "officer_a", "staff"])
def test_album_list_queries_do_not_grow(client, world, django_assert_max_num_queries, size, role):
    _fill(world, albums=size, photos=3)
    if role != "anonymous":
        client.force_login(world.user(role))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("media_archive:album_list"), {"q": "", "kind": "photo"})
    assert len(response.context["albums"]) == size


@pytest.mark.parametrize("size", [3, 30])
def test_album_page_queries_do_not_grow(client, world, django_assert_max_num_queries, size):
    album = AlbumFactory(tags=["пленум", "ЧРО"])
    for _ in range(size):
        PhotoFactory(album=album)
    client.force_login(world.officer_b)
    with django_assert_max_num_queries(12):
        response = client.get(album.get_absolute_url())
    assert len(response.context["items"]) == size


@pytest.mark.parametrize("size", [3, 30])
def test_cabinet_album_page_queries_do_not_grow(client, world, django_assert_max_num_queries, size):
    album = AlbumFactory(organization=world.org_a)
    for _ in range(size):
        PhotoFactory(album=album)
    client.force_login(world.officer_a)
    with django_assert_max_num_queries(12):
        client.get(reverse("media_archive:cabinet_album_detail", kwargs={"pk": album.pk}))
    with django_assert_max_num_queries(12):
        client.get(reverse("media_archive:cabinet_album_list"))


def test_list_pages_never_reference_originals(client, world):
    album = AlbumFactory(organization=world.org_a)
    photos = [PhotoFactory(album=album) for _ in range(3)]
    client.force_login(world.officer_a)
    pages = [
        reverse("media_archive:album_list"),
        album.get_absolute_url(),
        reverse("media_archive:cabinet_album_list"),
        reverse("media_archive:cabinet_album_detail", kwargs={"pk": album.pk}),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "archive/originals/" not in html, url
        for photo in photos:
            assert photo.original.name not in html, url
    html = client.get(album.get_absolute_url()).content.decode()
    image = "media_archive:item_image"
    thumbnail = reverse(image, kwargs={"pk": photos[0].pk, "size": "thumbnail"})
    web = reverse(image, kwargs={"pk": photos[0].pk, "size": "web"})
    assert thumbnail in html and web in html
    cover = client.get(reverse("media_archive:album_list")).content.decode()
    assert thumbnail in cover


def test_search_and_filters(client, world):
    sport = AlbumFactory(
        title="Спартакиада медиков",
        organization=world.org_a,
        event_date=dt.date(2024, 9, 14),
        tags=["спорт"],
    )
    PhotoFactory(album=sport, caption="Эстафета", author_credit="Иванова")
    plenum = AlbumFactory(
        title="Пленум", organization=None, event_date=dt.date(2025, 2, 1), tags=["пленум"]
    )
    MediaItem.objects.create(
        album=plenum,
        kind="link",
        video_url="https://youtu.be/dQw4w9WgXcQ",
        embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        platform="youtube",
    )
    url = reverse("media_archive:album_list")

    def titles(**query):
        return {a.title for a in client.get(url, query).context["albums"]}

    assert titles() == {"Спартакиада медиков", "Пленум"}
    assert titles(q="эстафета") == {"Спартакиада медиков"}  # an item's caption
    assert titles(q="Иванова") == {"Спартакиада медиков"}  # the author
    assert titles(tag="спорт") == {"Спартакиада медиков"}
    assert titles(organization=world.org_a.pk) == {"Спартакиада медиков"}
    assert titles(organization=0) == {"Пленум"}
    assert titles(organization="ЧРО") == {"Пленум"}
    assert titles(organization="ППО А") == {"Спартакиада медиков"}
    assert titles(organization="ppo-a") == {"Спартакиада медиков"}
    assert titles(date_from="2025-01-01") == {"Пленум"}
    assert titles(date_to="2024-12-31") == {"Спартакиада медиков"}
    assert titles(kind="video") == {"Пленум"}
    assert titles(kind="photo") == {"Спартакиада медиков"}


def test_pagination_of_album_list(client, world, settings):
    settings.ARCHIVE_PAGE_SIZE = 2
    for _ in range(5):
        AlbumFactory()
    response = client.get(reverse("media_archive:album_list"), {"page": 3, "kind": ""})
    assert len(response.context["albums"]) == 1
    assert "kind=" in response.context["querystring"]


def test_staff_move_items_between_albums_in_bulk(client, world):
    source = AlbumFactory(organization=world.org_a)
    target = AlbumFactory(organization=None, title="Итоги года")
    photos = [PhotoFactory(album=source) for _ in range(3)]
    client.force_login(world.staff)
    url = reverse("admin:media_archive_mediaitem_changelist")
    chosen = [photos[0].pk, photos[2].pk]
    form = client.post(url, {"action": "move_to_album", ACTION_CHECKBOX_NAME: chosen})
    assert form.status_code == 200
    assert "Переместить в альбом" in form.content.decode()
    done = client.post(
        url,
        {"action": "move_to_album", ACTION_CHECKBOX_NAME: chosen, "apply": "1", "album": target.pk},
        follow=True,
    )
    assert "Перемещено в альбом «Итоги года»: 2." in done.content.decode()
    assert set(target.items.values_list("pk", flat=True)) == set(chosen)
    assert list(source.items.values_list("pk", flat=True)) == [photos[1].pk]


def test_admin_pages_render(client, world):
    album = AlbumFactory(tags=["спорт"])
    photo = PhotoFactory(album=album)
    client.force_login(world.staff)
    for url in [
        reverse("admin:media_archive_album_changelist"),
        reverse("admin:media_archive_album_change", args=[album.pk]),
        reverse("admin:media_archive_mediaitem_change", args=[photo.pk]),
        reverse("admin:media_archive_mediaitem_add"),
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("admin:media_archive_mediaitem_add"),
        {"album": album.pk, "video_url": "https://example.com/x", "rights": "site"},
    )
    assert "Ссылка не распознана" in response.content.decode()
    client.post(
        reverse("admin:media_archive_mediaitem_add"),
        {"album": album.pk, "video_url": "https://youtu.be/dQw4w9WgXcQ", "rights": "site"},
    )
    assert album.items.filter(kind="link", platform="youtube").exists()


def test_metrics_count_albums_and_items_per_ppo_in_the_period(world):
    other = OrganizationFactory()
    album = AlbumFactory(organization=world.org_a)
    PhotoFactory(album=album)
    PhotoFactory(album=album)
    AlbumFactory(organization=None)  # the ЧРО's own album belongs to no PPO
    now = Period.current_month()
    ids = [world.org_a.pk, world.org_b.pk, other.pk]
    albums = registry.get("media_archive.albums")
    items = registry.get("media_archive.items")
    assert albums.values(now, ids) == {world.org_a.pk: 1, world.org_b.pk: 0, other.pk: 0}
    assert items.values(now, ids) == {world.org_a.pk: 2, world.org_b.pk: 0, other.pk: 0}
    assert items.values(now.previous(), ids) == dict.fromkeys(ids, 0)
    assert albums.total(now, ids) == 1


def test_album_visibility_choice_labels_are_russian():
    assert Album.Visibility.STAFF.label == "Только аппарату республиканской организации"


def test_the_organization_is_picked_by_name_not_from_a_list_of_all(client, world):
    """The filter is a text field (the page does not grow with the PPOs): a name found once
    filters; a name that fits several offers them as links; an unknown one is explained next to
    the field while the other filters still apply."""
    AlbumFactory(title="Спартакиада", organization=world.org_a, tags=["спорт"])
    AlbumFactory(title="Слёт", organization=world.org_b, tags=["спорт"])
    url = reverse("media_archive:album_list")
    small = len(client.get(url).content)
    OrganizationFactory.create_batch(60)
    assert len(client.get(url).content) == small

    response = client.get(url, {"organization": "ППО"})
    html = response.content.decode()
    assert "подходят несколько ППО" in html
    assert 'id="ppo-choices"' in html and "?organization=ppo-a" in html
    assert {a.title for a in response.context["albums"]} == {"Спартакиада", "Слёт"}

    response = client.get(url, {"organization": "Нет такой", "tag": "спорт"})
    assert "ППО «Нет такой» не найдена" in response.content.decode()
    assert {a.title for a in response.context["albums"]} == {"Спартакиада", "Слёт"}

    response = client.get(url, {"organization": "ppo-a"})
    assert {a.title for a in response.context["albums"]} == {"Спартакиада"}
    assert 'value="ППО А"' in response.content.decode()
