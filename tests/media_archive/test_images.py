"""A real JPEG made here with EXIF orientation, GPS and the date taken goes through the upload."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media_archive import services
from media_archive.exif import date_taken
from media_archive.models import MediaItem
from tests.media_archive.factories import AlbumFactory

GPS_IFD = 0x8825
EXIF_IFD = 0x8769


def camera_jpeg() -> bytes:
    """60×40 stored sideways (orientation 6: turn 90° clockwise to view), left half red."""
    image = Image.new("RGB", (60, 40), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 30, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(EXIF_IFD)[0x9003] = "2024:05:09 10:30:15"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (56.0, 8.0, 30.0)
    gps[3] = "E"
    gps[4] = (47.0, 15.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def test_the_test_file_really_carries_gps_and_orientation():
    with Image.open(io.BytesIO(camera_jpeg())) as image:
        exif = image.getexif()
        assert exif[0x0112] == 6
        assert exif.get_ifd(GPS_IFD)[1] == "N"


@pytest.mark.django_db
def test_photo_is_turned_stripped_of_gps_and_keeps_date_taken(
    world, django_capture_on_commit_callbacks
):
    album = AlbumFactory(organization=world.org_a)
    upload = SimpleUploadedFile("IMG_2041.JPG", camera_jpeg(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        item = services.photo_add(user=world.officer_a, album=album, upload=upload)
    item.refresh_from_db()

    assert item.taken_at == dt.datetime(
        2024, 5, 9, 10, 30, 15, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow")
    )
    assert (item.width, item.height) == (40, 60)
    assert item.original_name == "IMG_2041.JPG"
    assert "IMG_2041" not in item.original.name  # a generated name is stored
    with item.original.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (40, 60)
        exif = image.getexif()
        assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD)
        assert 0x0112 not in exif and 0x010F not in exif
        red, green, blue = image.convert("RGB").getpixel((20, 5))
        assert red > 200 and blue < 60  # the red left half is now on top
    with item.original.open("rb") as stored:
        raw = stored.read()
    assert b"PhoneMaker" not in raw and b"Exif" not in raw
    assert item.thumbnail and item.web  # renditions made by the task after commit
    with item.thumbnail.open("rb") as thumb, Image.open(thumb) as image:
        assert image.size == (480, 320)


def test_date_taken_is_none_without_exif():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    assert date_taken(buffer) is None


@pytest.mark.django_db
def test_renditions_task_is_idempotent(world, django_capture_on_commit_callbacks):
    album = AlbumFactory(organization=world.org_a)
    upload = SimpleUploadedFile("a.jpg", camera_jpeg())
    with django_capture_on_commit_callbacks(execute=True):
        item = services.photo_add(user=world.officer_a, album=album, upload=upload)
    item.refresh_from_db()
    names = (item.thumbnail.name, item.web.name)
    again = services.item_renditions_make(item_id=item.pk)
    assert (again.thumbnail.name, again.web.name) == names
    assert MediaItem.objects.count() == 1
