"""An officer's news keeps its photos when a link is wrong, then takes a photo from the archive."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from publications.models import Publication
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory
from tests.media_archive.factories import AlbumFactory, PhotoFactory
from tests.publications.factories import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _artifact(name):
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return str(folder / name)


def _photo(name, color):
    return {
        "name": name,
        "mimeType": "image/jpeg",
        "buffer": image_bytes("JPEG", (600, 400), color),
    }


def test_wrong_link_keeps_photos_then_archive_photo_is_added(page, live_server):
    appointment = AppointmentFactory(organization__short_name="ППО РКБ")
    officer = appointment.user
    album = AlbumFactory(organization=appointment.organization)
    PhotoFactory(album=album, caption="Финал турнира", author_credit="Фото профкома")

    login(page, live_server, officer)
    page.goto(f"{live_server.url}/cabinet/publications/new/")
    page.get_by_label("Заголовок").fill("Турнир по волейболу")
    page.get_by_label("Пост ВКонтакте").fill("https://example.com/wall-1_2")
    page.get_by_label("Добавить фотографии").set_input_files(
        [_photo("one.jpg", (30, 90, 200)), _photo("two.jpg", (200, 60, 40))]
    )
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.locator("#publication-form")).to_contain_text("https://vk.com/")
    expect(page.get_by_label("Пост ВКонтакте")).to_have_value("https://example.com/wall-1_2")
    expect(page.locator("#publication-photos .card")).to_have_count(2)
    page.screenshot(path=_artifact("publication-kept-photos.png"), full_page=True)

    page.get_by_label("Пост ВКонтакте").fill("https://vk.com/wall-1_2")
    page.get_by_role("button", name="Добавить из фотоархива").click()
    expect(page.locator("h1")).to_have_text("Добавить из фотоархива")
    page.get_by_label("Финал турнира").check()
    page.screenshot(path=_artifact("publication-archive-pick.png"), full_page=True)
    page.get_by_role("button", name="Добавить отмеченные").click()
    expect(page.locator(".alert-success")).to_contain_text("Добавлено фотографий из архива: 1")
    expect(page.locator("#publication-photos .card")).to_have_count(3)
    publication = Publication.objects.get()
    assert publication.vk_url == "https://vk.com/wall-1_2"
    assert publication.photos.filter(caption="Финал турнира", credit="Фото профкома").exists()
