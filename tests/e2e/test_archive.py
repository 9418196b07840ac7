"""An officer uploads several photos into a new album, sees thumbnails appear, makes it public;
an anonymous visitor sees it on the site."""

import pytest
from playwright.sync_api import expect

from media_archive.models import Album
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory
from tests.media_archive.factories import jpeg_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_uploads_photos_and_publishes_album(page, live_server, browser, tmp_path):
    officer = AppointmentFactory(organization__short_name="ППО РКБ").user
    files = []
    for number, color in enumerate([(200, 30, 40), (30, 160, 60), (40, 60, 200)], start=1):
        path = tmp_path / f"photo-{number}.jpg"
        path.write_bytes(jpeg_bytes(size=(900, 600), color=color))
        files.append(path)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    files.append(broken)

    login(page, live_server, officer)
    page.get_by_role("link", name="Фотоархив").last.click()
    page.get_by_role("link", name="Новый альбом").click()
    page.get_by_label("Мероприятие").fill("Спартакиада медиков")
    page.get_by_label("Дата мероприятия").fill("2025-09-14")
    page.get_by_label("Место").fill("Стадион «Олимпийский»")
    page.get_by_label("Метки").fill("спорт, молодёжь")
    page.get_by_label("Только членам профсоюза (после входа)").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Спартакиада медиков")

    page.get_by_label("Фотографии (JPEG, PNG, WebP)").set_input_files([str(f) for f in files])
    page.get_by_label("Автор").fill("О. Васильева")
    page.get_by_role("button", name="Загрузить").click()
    results = page.locator("#archive-upload-results li")
    expect(results).to_have_count(4)
    expect(page.locator("#archive-upload-status")).to_contain_text("добавлено 3, отклонено 1")
    expect(results.filter(has_text="broken.jpg")).to_contain_text("не является изображением")
    thumbnails = page.locator("#album-items img.archive-new")
    expect(thumbnails).to_have_count(3)
    for index in range(3):
        expect(thumbnails.nth(index)).to_have_js_property("complete", True)
        assert thumbnails.nth(index).evaluate("img => img.naturalWidth") == 480
    page.screenshot(path=str(_artifact("archive-upload.png")), full_page=True)

    page.get_by_role("link", name="Изменить альбом и доступ").click()
    page.get_by_label("Всем на сайте").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#album-visibility")).to_have_text("Всем на сайте")
    album = Album.objects.get(title="Спартакиада медиков")
    assert album.visibility == "public" and album.items.count() == 3

    visitor = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    anonymous = visitor.new_page()
    anonymous.goto(f"{live_server.url}/")
    anonymous.get_by_role("button", name="Меню").click()
    anonymous.get_by_role("link", name="Фотоархив").click()
    anonymous.get_by_role("link", name="Спартакиада медиков").click()
    expect(anonymous.locator("#album-items img")).to_have_count(3)
    expect(anonymous.get_by_text("ППО РКБ").first).to_be_visible()
    anonymous.screenshot(path=str(_artifact("archive-public-phone.png")), full_page=True)
    visitor.close()


def _artifact(name):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
