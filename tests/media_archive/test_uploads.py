"""Bulk upload (a result per file), videos checked by content, links, scoping of the cabinet."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from media_archive import services, video
from media_archive.models import Album, MediaItem
from tests.media_archive.factories import AlbumFactory, PhotoFactory, jpeg_upload, mp4_bytes

pytestmark = pytest.mark.django_db


def _png(name="scan.png"):
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 128, 0, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _gif(name="anim.gif"):
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/gif")


def _upload_url(album):
    return reverse("media_archive:cabinet_photo_upload", kwargs={"pk": album.pk})


def test_bulk_upload_keeps_good_files_and_reports_each_bad_one(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_IMAGE_MAX_BYTES = 50_000
    album = AlbumFactory(organization=world.org_a)
    files = [
        jpeg_upload("good-1.jpg"),
        SimpleUploadedFile("notes.jpg", b"this is text, not a photo", content_type="image/jpeg"),
        _png("good-2.png"),
        _gif(),
        SimpleUploadedFile("huge.jpg", b"\xff\xd8" + bytes(60_000)),
        jpeg_upload("good-3.jpeg"),
    ]
    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _upload_url(album),
            {
                "files": files,
                "caption": "Открытие",
                "author_credit": "И. Петров",
                "rights": "social",
            },
        )
    assert response.status_code == 200
    results = {r["name"]: r for r in response.context["results"]}
    assert [name for name, r in results.items() if r["ok"]] == [
        "good-1.jpg",
        "good-2.png",
        "good-3.jpeg",
    ]
    assert "не является изображением" in results["notes.jpg"]["message"]
    assert "GIF" in results["anim.gif"]["message"]
    assert "не больше" in results["huge.jpg"]["message"]
    assert response.context["added"] == 3 and response.context["rejected"] == 3
    content = response.content.decode()
    assert "notes.jpg" in content and "Добавлено: 3, отклонено: 3." in content

    items = MediaItem.objects.filter(album=album)
    assert items.count() == 3
    assert set(items.values_list("caption", "author_credit", "rights")) == {
        ("Открытие", "И. Петров", "social")
    }
    assert all(item.thumbnail for item in items)
    assert set(items.values_list("uploaded_by", flat=True)) == {world.officer_a.pk}


def test_json_endpoint_answers_per_file(client, world, django_capture_on_commit_callbacks):
    album = AlbumFactory(organization=world.org_a)
    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        good = client.post(
            _upload_url(album),
            {"files": jpeg_upload("a.jpg"), "rights": "site"},
            headers={"Accept": "application/json"},
        )
    assert good.status_code == 200
    assert good.json()["ok"] is True and good.json()["name"] == "a.jpg"
    # Renditions are made after the commit (here: when the block ends); the script shows a
    # placeholder until then.
    assert "thumbnail" in good.json()
    assert album.items.get().thumbnail.name.startswith("archive/renditions/")

    bad = client.post(
        _upload_url(album),
        {"files": SimpleUploadedFile("b.webp", b"RIFF....nope"), "rights": "site"},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 422
    assert bad.json()["ok"] is False and "b.webp" in bad.json()["message"]
    assert album.items.count() == 1


def test_upload_without_files_explains_next_to_the_field(client, world):
    album = AlbumFactory(organization=world.org_a)
    client.force_login(world.officer_a)
    response = client.post(_upload_url(album), {"rights": "site", "caption": "Подпись"})
    assert response.status_code == 200
    assert "Выберите одну или несколько фотографий" in response.content.decode()
    assert 'value="Подпись"' in response.content.decode()


def test_officer_of_another_ppo_cannot_upload_or_delete(client, world):
    album = AlbumFactory(organization=world.org_a)
    photo = PhotoFactory(album=album)
    client.force_login(world.officer_b)
    assert (
        client.post(_upload_url(album), {"files": jpeg_upload(), "rights": "site"}).status_code
        == 404
    )
    delete = reverse("media_archive:cabinet_item_delete", kwargs={"pk": photo.pk})
    assert client.post(delete).status_code == 404
    update = reverse("media_archive:cabinet_album_update", kwargs={"pk": album.pk})
    response = client.post(
        update, {"title": "Взлом", "event_date": "2025-01-01", "visibility": "public"}
    )
    assert response.status_code == 404
    album.refresh_from_db()
    assert album.title != "Взлом" and album.items.count() == 1
    with pytest.raises(Exception, match="другой организации"):
        services.photo_add(user=world.officer_b, album=album, upload=jpeg_upload())


def test_officer_creates_album_only_for_own_ppo_even_with_crafted_post(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("media_archive:cabinet_album_create"),
        {
            "title": "День медика",
            "event_date": "2025-06-15",
            "place": "Чебоксары",
            "visibility": "internal",
            "tags": "праздник, медики",
            "organization": world.org_b.pk,
        },
    )
    album = Album.objects.get(title="День медика")
    assert response.status_code == 302
    assert album.organization == world.org_a
    assert album.created_by == world.officer_a
    assert sorted(album.tags.names()) == ["медики", "праздник"]


def test_album_form_errors_in_russian_next_to_fields(client, world):
    client.force_login(world.officer_a)
    response = client.post(
        reverse("media_archive:cabinet_album_create"),
        {"title": "", "event_date": "вчера", "visibility": "public", "place": "Канаш"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["Обязательное поле."]
    assert "event_date" in form.errors
    assert 'value="Канаш"' in response.content.decode()
    assert not Album.objects.exists()


def test_staff_create_chro_album_and_delete_item(client, world):
    client.force_login(world.staff)
    client.post(
        reverse("media_archive:cabinet_album_create"),
        {"title": "Пленум", "event_date": "2025-02-01", "visibility": "public", "organization": ""},
    )
    album = Album.objects.get(title="Пленум")
    assert album.organization is None and album.owner_label == "ЧРО"
    photo = PhotoFactory(album=album)
    response = client.post(reverse("media_archive:cabinet_item_delete", kwargs={"pk": photo.pk}))
    assert response.status_code == 302 and not album.items.exists()


# --- Videos --------------------------------------------------------------------------------------


def test_video_named_mp4_that_is_not_video_is_rejected(client, world):
    album = AlbumFactory(organization=world.org_a)
    client.force_login(world.officer_a)
    fake = SimpleUploadedFile("concert.mp4", b"<html>not a video at all</html>" * 10, "video/mp4")
    response = client.post(
        reverse("media_archive:cabinet_video_add", kwargs={"pk": album.pk}),
        {"upload": fake, "caption": "Концерт", "rights": "site"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["upload"]
    assert "не является видео" in errors[0] and "по содержимому" in errors[0]
    assert not album.items.exists()


def test_real_mp4_and_webm_are_accepted_with_duration(world):
    album = AlbumFactory(organization=world.org_a)
    mp4 = services.video_add(
        user=world.officer_a,
        album=album,
        upload=SimpleUploadedFile("clip.MP4", mp4_bytes(75), "video/mp4"),
        caption="Ролик",
        author_credit="Пресс-центр",
    )
    assert mp4.kind == "video" and mp4.duration == dt.timedelta(seconds=75)
    assert mp4.original.name.endswith(".mp4") and "clip" not in mp4.original.name
    webm_head = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + bytes(100)
    webm = services.video_add(
        user=world.officer_a,
        album=album,
        upload=SimpleUploadedFile("clip.bin", webm_head),
        duration=dt.timedelta(minutes=2),
    )
    assert webm.original.name.endswith(".webm") and webm.duration == dt.timedelta(minutes=2)


def test_video_size_limit_from_settings(world, settings):
    settings.ARCHIVE_VIDEO_MAX_BYTES = 100
    album = AlbumFactory(organization=world.org_a)
    with pytest.raises(ValidationError, match="не больше"):
        services.video_add(
            user=world.officer_a, album=album, upload=SimpleUploadedFile("a.mp4", mp4_bytes())
        )


@pytest.mark.parametrize(
    ("url", "platform", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "youtube",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
            "rutube",
            "https://rutube.ru/play/embed/0123456789abcdef0123456789abcdef",
        ),
        (
            "https://vkvideo.ru/video-12345_456239017",
            "vk",
            "https://vk.com/video_ext.php?oid=-12345&id=456239017&hd=2",
        ),
        (
            "https://vk.com/video?z=video-12345_456239017%2Fpl_cat",
            "vk",
            "https://vk.com/video_ext.php?oid=-12345&id=456239017&hd=2",
        ),
    ],
)
def test_video_links_become_platform_embeds(url, platform, embed):
    assert video.embed_for(url) == (platform, embed)


@pytest.mark.parametrize(
    "url",
    ["https://example.com/video.mp4", "https://youtube.com/watch?v=short", "javascript:alert(1)"],
)
def test_unknown_video_links_are_refused(url):
    with pytest.raises(ValidationError, match="Ссылка не распознана"):
        video.embed_for(url)


def test_link_video_is_shown_with_the_embed(client, world):
    album = AlbumFactory(organization=world.org_a, visibility=Album.Visibility.PUBLIC)
    client.force_login(world.officer_a)
    response = client.post(
        reverse("media_archive:cabinet_video_add", kwargs={"pk": album.pk}),
        {
            "url": "https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
            "duration": "3:05",
            "rights": "social",
        },
    )
    assert response.status_code == 302
    item = album.items.get()
    assert item.duration == dt.timedelta(minutes=3, seconds=5)
    client.logout()
    page = client.get(album.get_absolute_url()).content.decode()
    assert '<iframe src="https://rutube.ru/play/embed/0123456789abcdef0123456789abcdef"' in page


def test_video_form_needs_file_or_link(client, world):
    album = AlbumFactory(organization=world.org_a)
    client.force_login(world.officer_a)
    response = client.post(
        reverse("media_archive:cabinet_video_add", kwargs={"pk": album.pk}),
        {"caption": "Без всего", "rights": "site", "duration": "abc"},
    )
    errors = response.context["form"].errors
    assert "мм:сс" in errors["duration"][0]
    response = client.post(
        reverse("media_archive:cabinet_video_add", kwargs={"pk": album.pk}),
        {"caption": "Без всего", "rights": "site"},
    )
    assert "одно из двух" in response.context["form"].errors["upload"][0]
