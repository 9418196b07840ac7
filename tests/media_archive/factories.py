"""Factories and in-memory files of the archive tests."""

import datetime as dt
import io

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from media_archive.models import Album, MediaItem
from tests.factories import OrganizationFactory


def jpeg_bytes(size=(64, 48), color=(200, 30, 40), exif=None) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", **({"exif": exif} if exif else {}))
    return buffer.getvalue()


def jpeg_upload(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def mp4_bytes(seconds: int = 75) -> bytes:
    """A minimal ISO-BMFF file: ftyp + moov/mvhd (enough for the content check and duration)."""
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    ftyp = (8 + len(ftyp) - 4).to_bytes(4, "big") + ftyp
    mvhd_body = (
        bytes(4) + bytes(8) + (1000).to_bytes(4, "big") + (seconds * 1000).to_bytes(4, "big")
    )
    mvhd_body += bytes(80)
    mvhd = (8 + len(mvhd_body)).to_bytes(4, "big") + b"mvhd" + mvhd_body
    moov = (8 + len(mvhd)).to_bytes(4, "big") + b"moov" + mvhd
    return ftyp + moov + (16).to_bytes(4, "big") + b"mdat" + bytes(8)


class AlbumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Album
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Мероприятие {n}")
    event_date = dt.date(2025, 3, 14)
    place = "Чебоксары"
    organization = factory.SubFactory(OrganizationFactory)
    visibility = Album.Visibility.PUBLIC

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(list(extracted))


class PhotoFactory(factory.django.DjangoModelFactory):
    """A stored photo with renditions, without going through the upload service (fast)."""

    class Meta:
        model = MediaItem

    album = factory.SubFactory(AlbumFactory)
    kind = MediaItem.Kind.PHOTO
    original = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="orig.jpg"))
    thumbnail = factory.LazyFunction(lambda: ContentFile(jpeg_bytes((48, 32)), name="thumb.jpg"))
    web = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="web.jpg"))
    original_name = factory.Sequence(lambda n: f"IMG_{n:04d}.jpg")
    caption = factory.Sequence(lambda n: f"Кадр {n}")
    rights = MediaItem.Rights.SITE
