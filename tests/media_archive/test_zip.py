"""The album ZIP holds exactly the originals the user may download; large albums by a task."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from media_archive.models import Album, AlbumExport, MediaItem
from tests.media_archive.factories import AlbumFactory, PhotoFactory, mp4_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def album(world):
    album = AlbumFactory(organization=world.org_a, visibility=Album.Visibility.PUBLIC)
    PhotoFactory(album=album, original_name="first.jpg")
    PhotoFactory(album=album, original_name="second.jpg")
    PhotoFactory(album=album, original_name="private.jpg", rights=MediaItem.Rights.INTERNAL)
    MediaItem.objects.create(
        album=album,
        kind=MediaItem.Kind.VIDEO,
        original=ContentFile(mp4_bytes(), name="clip.mp4"),
        original_name="clip.mp4",
    )
    MediaItem.objects.create(
        album=album,
        kind=MediaItem.Kind.VIDEO_LINK,
        video_url="https://youtu.be/dQw4w9WgXcQ",
        embed_url="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        platform="youtube",
    )
    PhotoFactory(album=AlbumFactory(organization=world.org_a), original_name="other-album.jpg")
    return album


def _expected(album, names):
    result = {}
    for item in album.items.filter(original_name__in=names):
        with item.original.open("rb") as source:
            result[item.download_name] = source.read()
    return result


def _zip_contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_anonymous_zip_has_only_public_originals(client, album):
    response = client.get(reverse("media_archive:album_zip", kwargs={"pk": album.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    contents = _zip_contents(b"".join(response.streaming_content))
    assert contents == _expected(album, ["first.jpg", "second.jpg", "clip.mp4"])


def test_member_zip_has_every_original_of_the_album_and_nothing_else(client, world, album):
    client.force_login(world.officer_b)
    response = client.get(reverse("media_archive:album_zip", kwargs={"pk": album.pk}))
    contents = _zip_contents(b"".join(response.streaming_content))
    assert contents == _expected(album, ["first.jpg", "second.jpg", "private.jpg", "clip.mp4"])
    assert not any("other-album" in name for name in contents)


def test_large_album_is_zipped_by_a_task_and_the_user_is_mailed(
    client, world, album, settings, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_ZIP_SYNC_MAX_ITEMS = 2
    client.force_login(world.officer_b)
    url = reverse("media_archive:album_zip", kwargs={"pk": album.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
        client.get(url)  # a second click reuses the pending request
    assert response.status_code == 302
    export = AlbumExport.objects.get()
    assert export.status == AlbumExport.Status.READY and export.item_count == 4
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.officer_b.email]
    assert export.get_absolute_url() in message.body
    assert album.title in message.subject

    download = client.get(export.get_absolute_url())
    contents = _zip_contents(b"".join(download.streaming_content))
    assert contents == _expected(album, ["first.jpg", "second.jpg", "private.jpg", "clip.mp4"])

    client.force_login(world.officer_a)  # somebody else's export is not theirs
    assert client.get(export.get_absolute_url()).status_code == 404


def test_large_album_asks_the_anonymous_to_log_in(client, album, settings):
    settings.ARCHIVE_ZIP_SYNC_MAX_ITEMS = 1
    response = client.get(reverse("media_archive:album_zip", kwargs={"pk": album.pk}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not AlbumExport.objects.exists()


def test_heavy_album_is_zipped_by_a_task_even_with_few_files(
    client, world, album, settings, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_ZIP_SYNC_MAX_BYTES = 1000
    album.items.filter(kind="video").update(file_size=5000)
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("media_archive:album_zip", kwargs={"pk": album.pk}))
    assert response.status_code == 302
    assert AlbumExport.objects.get().item_count == 4
