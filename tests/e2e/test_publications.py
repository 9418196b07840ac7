"""An officer submits news with two photos; staff request changes; the officer fixes and
resubmits; staff approve; the news appears on /news/ and on the PPO page with thumbnails."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from publications.models import Publication
from tests.e2e.conftest import fill_editor, login
from tests.factories import AppointmentFactory, staff_user
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
        "buffer": image_bytes("JPEG", (900, 600), color),
    }


def test_publication_from_draft_to_news(page, live_server, browser):
    organization_slug = "ppo-rkb"
    officer = AppointmentFactory(
        organization__short_name="ППО РКБ", organization__slug=organization_slug
    ).user
    staff = staff_user()

    # The officer writes the news with two photos and sends it for review.
    login(page, live_server, officer)
    page.goto(f"{live_server.url}/cabinet/publications/")
    page.get_by_role("link", name="Написать новость").click()
    page.get_by_label("Заголовок").fill("Турнир по волейболу среди отделений")
    page.get_by_label("Анонс").fill("Команда хирургии выиграла кубок профкома.")
    fill_editor(page, "Играли восемь команд.\n\nБолели всей больницей.")
    page.get_by_label("Дата события").fill("2025-03-14")
    page.get_by_label("Рубрика").select_option("sport_culture")
    page.get_by_label("Добавить фотографии").set_input_files(
        [_photo("final.jpg", (30, 90, 200)), _photo("cup.jpg", (200, 60, 40))]
    )
    page.get_by_role("button", name="Отправить на модерацию").click()
    expect(page.locator(".alert-success")).to_contain_text("отправлена на модерацию")
    expect(page.locator(".photo-grid img")).to_have_count(2)
    # Not public yet: the photos come through the permission-checked view, and they show.
    thumbnail = page.locator(".photo-grid img").first
    expect(thumbnail).to_have_attribute("src", re.compile(r"^/news/photos/publications/"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    private_src = thumbnail.get_attribute("src")
    anonymous = browser.new_context()
    assert anonymous.request.get(live_server.url + private_src).status == 404
    assert (
        anonymous.request.get(
            live_server.url + private_src.replace("/news/photos/", "/media/")
        ).status
        == 404
    )

    # Staff send it back with a comment.
    staff_context = browser.new_context(locale="ru-RU")
    staff_page = staff_context.new_page()
    staff_page.set_default_timeout(15_000)
    login(staff_page, live_server, staff)
    staff_page.goto(f"{live_server.url}/staff/moderation/")
    expect(staff_page.locator("#moderation-queue")).to_contain_text("ППО РКБ")
    staff_page.get_by_role("link", name="Турнир по волейболу среди отделений").click()
    staff_page.locator("#changes-form textarea").fill("Укажите счёт финальной игры.")
    staff_page.get_by_role("button", name="Запросить правки").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("нужны правки")

    # The officer sees the comment, edits and resubmits.
    page.goto(f"{live_server.url}/cabinet/publications/")
    page.get_by_role("link", name="Турнир по волейболу среди отделений").click()
    expect(page.locator("#publication-history")).to_contain_text("Укажите счёт финальной игры.")
    expect(page.locator(".status-badge")).to_contain_text("Нужны правки")
    page.get_by_role("link", name="Изменить").click()
    expect(page.locator("#moderator-comment")).to_contain_text("Укажите счёт финальной игры.")
    fill_editor(page, "Играли восемь команд.\n\nФинал — 3:1 в пользу хирургии.")
    page.get_by_role("button", name="Отправить на модерацию").click()
    expect(page.locator(".status-badge")).to_contain_text("На модерации")

    # Staff approve: published now.
    staff_page.goto(f"{live_server.url}/staff/moderation/")
    staff_page.get_by_role("link", name="Турнир по волейболу среди отделений").click()
    expect(staff_page.locator(".publication-body")).to_contain_text("3:1")
    staff_page.get_by_role("button", name="Одобрить и опубликовать").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("опубликована")
    staff_context.close()
    assert Publication.objects.get().status == Publication.Status.PUBLISHED

    # The public sees it in the feed and on the PPO page, with thumbnails.
    public_context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    public = public_context.new_page()
    public.goto(f"{live_server.url}/news/")
    card = public.locator(".news-card").filter(has_text="Турнир по волейболу")
    expect(card.locator("img.news-card-thumb")).to_have_attribute(
        "src", re.compile(r"^/media/publications/.*/renditions/")
    )
    public.wait_for_function(
        "img => img.complete && img.naturalWidth > 0",
        arg=card.locator("img.news-card-thumb").element_handle(),
    )
    public.screenshot(path=_artifact("news-feed-phone.png"), full_page=True)
    # The address the cabinet had before publication now leads to the public file.
    moved = anonymous.request.get(live_server.url + private_src)
    assert moved.status == 200 and "/media/publications/" in moved.url
    anonymous.close()
    public.goto(f"{live_server.url}/ppo/{organization_slug}/")
    news = public.locator("#organization-news")
    expect(news).to_contain_text("Турнир по волейболу среди отделений")
    expect(news.locator("img.news-card-thumb")).to_have_count(1)
    public.get_by_role("link", name="Турнир по волейболу среди отделений").click()
    expect(public.locator(".news-article")).to_contain_text("3:1")
    expect(public.locator(".news-article img")).to_have_count(2)
    public.screenshot(path=_artifact("news-detail-phone.png"), full_page=True)
    public_context.close()
