"""Who sees which album and item: every role, on the list, the album page and the downloads."""

import pytest
from django.urls import reverse

from media_archive.models import Album, MediaItem
from media_archive.permissions import can_view_album
from tests.factories import ROLES
from tests.media_archive.factories import AlbumFactory, PhotoFactory

pytestmark = pytest.mark.django_db

# (visibility, owner) -> roles that see it
EXPECTED = {
    ("public", "a"): set(ROLES),
    ("internal", "a"): {"officer_a", "officer_b", "presidium", "staff"},
    ("staff", "a"): {"officer_a", "presidium", "staff"},  # its own PPO's officer still sees it
    ("staff", "chro"): {"presidium", "staff"},
}


@pytest.fixture
def albums(world):
    return {
        key: AlbumFactory(
            visibility=key[0],
            organization=world.org_a if key[1] == "a" else None,
            title=f"Альбом {key[0]} {key[1]}",
        )
        for key in EXPECTED
    }


@pytest.mark.parametrize("role", ROLES)
def test_visibility_of_albums_for_every_role(client, world, albums, role):
    user = world.user(role)
    if role != "anonymous":
        client.force_login(user)
    listing = client.get(reverse("media_archive:album_list")).content.decode()
    for key, album in albums.items():
        PhotoFactory(album=album)
        visible = role in EXPECTED[key]
        assert can_view_album(user, album) is visible, (role, key)
        assert (album.title in listing) is visible, (role, key)
        detail = client.get(album.get_absolute_url())
        assert detail.status_code == (200 if visible else 404), (role, key)
        zip_response = client.get(reverse("media_archive:album_zip", kwargs={"pk": album.pk}))
        assert zip_response.status_code == (200 if visible else 404), (role, key)
        photo = album.items.first()
        original = client.get(reverse("media_archive:item_original", kwargs={"pk": photo.pk}))
        assert original.status_code == (200 if visible else 404), (role, key)


@pytest.mark.parametrize("role", ROLES)
def test_photo_without_consent_stays_inside_the_union(client, world, role):
    album = AlbumFactory(visibility=Album.Visibility.PUBLIC, organization=world.org_a)
    shown = PhotoFactory(album=album, caption="Можно всем")
    hidden = PhotoFactory(album=album, caption="Без согласия", rights=MediaItem.Rights.INTERNAL)
    if role != "anonymous":
        client.force_login(world.user(role))
    page = client.get(album.get_absolute_url()).content.decode()
    assert shown.caption in page
    assert (hidden.caption in page) is (role != "anonymous")
    response = client.get(reverse("media_archive:item_original", kwargs={"pk": hidden.pk}))
    assert response.status_code == (404 if role == "anonymous" else 200)


def test_original_is_served_as_attachment_with_a_readable_name(client, world):
    album = AlbumFactory(visibility=Album.Visibility.PUBLIC)
    photo = PhotoFactory(album=album, original_name="Награждение.jpg")
    response = client.get(reverse("media_archive:item_original", kwargs={"pk": photo.pk}))
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "Награждение" in response["Content-Disposition"]
        or "utf-8''" in response["Content-Disposition"]
    )
    with photo.original.open("rb") as source:
        assert b"".join(response.streaming_content) == source.read()


def test_photos_a_publication_may_take(world):
    from media_archive.selectors import photos_for_publication

    own = AlbumFactory(organization=world.org_a, visibility=Album.Visibility.STAFF)
    agreed = PhotoFactory(album=own)
    PhotoFactory(album=own, rights=MediaItem.Rights.INTERNAL)
    PhotoFactory(album=AlbumFactory(organization=world.org_b))
    assert list(photos_for_publication(world.officer_a)) == [agreed]
    assert photos_for_publication(world.presidium).count() == 0
    assert photos_for_publication(world.staff).count() == 2
