"""Review fixes (issue 7): originals, renditions and ZIP exports never lie in the public media
folder; failed exports do not block their user; a crafted MP4 duration is harmless."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from media_archive import services, video
from media_archive.models import Album, AlbumExport, MediaItem
from portal.storage import private_storage
from tests.media_archive.factories import AlbumFactory, PhotoFactory, jpeg_upload

pytestmark = pytest.mark.django_db


def _public_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize("visibility", list(Album.Visibility.values))
def test_uploaded_photo_and_renditions_are_not_in_public_media(
    world, visibility, django_capture_on_commit_callbacks
):
    album = AlbumFactory(organization=world.org_a, visibility=visibility)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.photo_add(user=world.officer_a, album=album, upload=jpeg_upload())
    item.refresh_from_db()
    assert item.original and item.thumbnail and item.web
    assert _public_files() == []
    for field in (item.original, item.thumbnail, item.web):
        assert field.storage.exists(field.name)
        assert private_storage().exists(field.name)


def test_export_zip_is_private_and_uuid_named(client, world):
    album = AlbumFactory(organization=world.org_a, visibility=Album.Visibility.INTERNAL)
    PhotoFactory(album=album)
    export = AlbumExport.objects.create(album=album, requested_by=world.officer_a)
    services.album_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == AlbumExport.Status.READY
    assert _public_files() == []
    assert private_storage().exists(export.file.name)
    name = export.file.name.rsplit("/", 1)[-1]
    assert f"album-{album.pk}" not in name and len(name.removesuffix(".zip")) == 32
    url = reverse("media_archive:export_download", kwargs={"pk": export.pk})
    client.force_login(world.officer_a)
    assert client.get(url).status_code == 200
    client.force_login(world.officer_b)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("visibility", "rights", "anonymous", "officer_b"),
    [
        (Album.Visibility.PUBLIC, MediaItem.Rights.SITE, 200, 200),
        (Album.Visibility.PUBLIC, MediaItem.Rights.INTERNAL, 404, 200),
        (Album.Visibility.INTERNAL, MediaItem.Rights.SITE, 404, 200),
        (Album.Visibility.STAFF, MediaItem.Rights.SITE, 404, 404),
    ],
)
def test_renditions_are_served_only_to_who_may_see_the_photo(
    client, world, visibility, rights, anonymous, officer_b
):
    album = AlbumFactory(organization=world.org_a, visibility=visibility)
    item = PhotoFactory(album=album, rights=rights)
    for size in ("thumbnail", "web"):
        url = reverse("media_archive:item_image", kwargs={"pk": item.pk, "size": size})
        client.logout()
        response = client.get(url)
        assert response.status_code == anonymous
        if anonymous == 200:
            assert response["Content-Type"] == "image/jpeg"
        client.force_login(world.officer_b)
        assert client.get(url).status_code == officer_b
        client.force_login(world.officer_a)
        assert client.get(url).status_code == 200
    assert (
        client.get(
            reverse("media_archive:item_image", kwargs={"pk": item.pk, "size": "original"})
        ).status_code
        == 404
    )


def test_album_pages_point_to_the_checked_rendition_view(client, world):
    album = AlbumFactory(organization=world.org_a, visibility=Album.Visibility.PUBLIC)
    item = PhotoFactory(album=album)
    thumbnail = reverse("media_archive:item_image", kwargs={"pk": item.pk, "size": "thumbnail"})
    for url in (reverse("media_archive:album_list"), album.get_absolute_url()):
        html = client.get(url).content.decode()
        assert thumbnail in html
        assert settings.MEDIA_URL not in html


# --- Failed and stale exports ----------------------------------------------------------------


def _boom(items, target):
    target.write(b"partial")
    raise OSError("disk full")


def test_failed_export_is_marked_failed_and_does_not_block_a_new_request(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    album = AlbumFactory(organization=world.org_a)
    PhotoFactory(album=album)
    export = AlbumExport.objects.create(album=album, requested_by=world.officer_a)
    monkeypatch.setattr(services, "album_zip_write", _boom)
    with pytest.raises(OSError):
        services.album_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == AlbumExport.Status.FAILED
    assert not export.file and export.finished_at is not None
    assert _public_files() == [] and not list(Path(private_storage().location).rglob("*.zip"))
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.album_export_request(user=world.officer_a, album=album)
    assert again.pk != export.pk
    again.refresh_from_db()
    assert again.status == AlbumExport.Status.READY and again.file


def test_only_a_recent_pending_export_is_reused(world):
    album = AlbumFactory(organization=world.org_a)
    recent = AlbumExport.objects.create(album=album, requested_by=world.officer_a)
    assert services.album_export_request(user=world.officer_a, album=album) == recent
    AlbumExport.objects.filter(pk=recent.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=2)
    )
    fresh = services.album_export_request(user=world.officer_a, album=album)
    assert fresh.pk != recent.pk
    recent.refresh_from_db()
    assert recent.status == AlbumExport.Status.FAILED


def test_old_exports_are_deleted_with_their_files(world, django_capture_on_commit_callbacks):
    from media_archive.schedule import BEAT_SCHEDULE

    assert any(
        entry["task"] == "media_archive.tasks.delete_old_exports"
        for entry in BEAT_SCHEDULE.values()
    )
    album = AlbumFactory(organization=world.org_a)
    old = AlbumExport.objects.create(
        album=album,
        requested_by=world.officer_a,
        status=AlbumExport.Status.READY,
        file=ContentFile(b"zip", name="old.zip"),
    )
    new = AlbumExport.objects.create(
        album=album,
        requested_by=world.officer_a,
        status=AlbumExport.Status.READY,
        file=ContentFile(b"zip", name="new.zip"),
    )
    old_name = old.file.name
    AlbumExport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=settings.ARCHIVE_EXPORT_RETENTION_DAYS + 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.exports_delete_old() == 1
    assert list(AlbumExport.objects.all()) == [new]
    assert not private_storage().exists(old_name)
    assert private_storage().exists(new.file.name)


# --- A crafted MP4 duration -----------------------------------------------------------------


def _mp4_v1(duration: int, timescale: int = 1) -> bytes:
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    ftyp = (8 + len(ftyp) - 4).to_bytes(4, "big") + ftyp
    body = b"\x01" + bytes(3) + bytes(16) + timescale.to_bytes(4, "big")
    body += duration.to_bytes(8, "big") + bytes(80)
    mvhd = (8 + len(body)).to_bytes(4, "big") + b"mvhd" + body
    moov = (8 + len(mvhd)).to_bytes(4, "big") + b"moov" + mvhd
    return ftyp + moov + (16).to_bytes(4, "big") + b"mdat" + bytes(8)


@pytest.mark.parametrize("duration", [2**63, 10**12])
def test_huge_mp4_duration_is_ignored(world, duration):
    upload = SimpleUploadedFile("huge.mp4", _mp4_v1(duration), content_type="video/mp4")
    assert video.mp4_duration(io.BytesIO(_mp4_v1(duration))) is None
    album = AlbumFactory(organization=world.org_a)
    item = services.video_add(user=world.officer_a, album=album, upload=upload)
    item.refresh_from_db()
    assert item.kind == MediaItem.Kind.VIDEO and item.duration is None


def test_plausible_v1_mp4_duration_is_kept():
    data = _mp4_v1(90 * 600, timescale=600)
    assert video.mp4_duration(io.BytesIO(data)) == dt.timedelta(seconds=90)


def test_migration_moves_existing_public_files_to_private_storage(world):
    import importlib

    from django.apps import apps
    from django.core.files.storage import default_storage

    migration = importlib.import_module("media_archive.migrations.0002_private_files")
    album = AlbumFactory(organization=world.org_a, visibility=Album.Visibility.STAFF)
    item = PhotoFactory(album=album)
    names = [item.original.name, item.thumbnail.name, item.web.name]
    # As before the fix: the files lie in the public media folder.
    for name in names:
        with private_storage().open(name, "rb") as content:
            default_storage.save(name, content)
        private_storage().delete(name)
    assert len(_public_files()) == 3
    migration.to_private(apps, None)
    assert _public_files() == []
    item.refresh_from_db()
    assert [item.original.name, item.thumbnail.name, item.web.name] == names
    assert all(private_storage().exists(name) for name in names)
