"""A bad file in the photo archive: one Russian message per refused photo (the bulk upload
reports each file), one message next to the video field with the caption shown again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media_archive.models import MediaItem
from tests.media_archive.factories import AlbumFactory, mp4_bytes
from tests.upload_cases import IMAGE_CASES, MB, the_one_message

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("make", "words"), [case[1:] for case in IMAGE_CASES], ids=[c[0] for c in IMAGE_CASES]
)
def test_bulk_photo_upload_refuses_a_bad_photo_once(client, world, settings, make, words):
    settings.PORTAL_IMAGE_MAX_BYTES = MB
    album = AlbumFactory(organization=world.org_a)
    upload = make()
    client.force_login(world.officer_a)
    response = client.post(
        reverse("media_archive:cabinet_photo_upload", kwargs={"pk": album.pk}),
        {"files": [upload], "caption": "Открытие", "rights": "site"},
    )
    assert response.status_code == 200
    [result] = response.context["results"]
    assert not result["ok"]
    # One message: the file is named once (two checks would name it twice).
    assert result["message"].count(f"«{upload.name}»") == 1, result["message"]
    for word in words:
        assert word in result["message"]
    assert not MediaItem.objects.exists()


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            SimpleUploadedFile("концерт.mp4", b"MZ\x90\x00" + bytes(500), "video/mp4"),
            ["«концерт.mp4»", "не является видео"],
        ),
        (
            SimpleUploadedFile("концерт.mp4", mp4_bytes() + bytes(MB + MB // 2), "video/mp4"),
            ["«концерт.mp4»", "весит", "не больше 1 МБ"],
        ),
    ],
    ids=["exe-as-mp4", "oversized"],
)
def test_video_form_refuses_a_bad_file_once(client, world, settings, upload, words):
    settings.ARCHIVE_VIDEO_MAX_BYTES = MB
    album = AlbumFactory(organization=world.org_a)
    client.force_login(world.officer_a)
    response = client.post(
        reverse("media_archive:cabinet_video_add", kwargs={"pk": album.pk}),
        {"upload": upload, "caption": "Концерт к 8 Марта", "rights": "site"},
    )
    assert response.status_code == 200
    the_one_message(response.context["form"].errors, "upload", words)
    assert 'value="Концерт к 8 Марта"' in response.content.decode()
    assert not MediaItem.objects.exists()
