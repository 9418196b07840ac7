"""An officer adds a channel and a subscriber count; the other PPO's officer cannot open it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ppo.models import Channel
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_adds_channel_and_count_other_officer_cannot_open(page, live_server, browser):
    officer = AppointmentFactory(organization__short_name="ППО РКБ").user
    other = AppointmentFactory(organization__short_name="ППО ГКБ").user

    login(page, live_server, officer)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Первичная профсоюзная")
    page.get_by_role("link", name="Добавить канал", exact=True).click()
    page.get_by_label("Площадка").select_option(label="ВКонтакте")
    # A wrong address for the platform is refused next to the field, and the title is kept.
    page.get_by_label("Адрес").fill("https://example.com/group")
    page.get_by_label("Название").fill("Профком РКБ")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("https://vk.com/")
    expect(page.get_by_label("Название")).to_have_value("Профком РКБ")
    page.get_by_label("Адрес").fill("https://vk.com/profkom_rkb")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".alert-success")).to_contain_text("Канал «Профком РКБ» добавлен")

    today = timezone.localdate()
    page.get_by_label("Дата").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Подписчиков", exact=True).fill("-5")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("отрицательным")
    page.get_by_label("Подписчиков", exact=True).fill("412")
    page.get_by_role("button", name="Сохранить").click()
    history = page.locator("#subscriber-history")
    expect(history).to_contain_text(f"{today:%d.%m.%Y}")
    expect(history).to_contain_text("412")
    # The same date again corrects the count: the form says so, the history shows who and what.
    expect(page.get_by_role("heading", name="Исправить число подписчиков")).to_be_visible()
    expect(page.get_by_label("Подписчиков", exact=True)).to_have_value("412")
    page.get_by_label("Подписчиков", exact=True).fill("415")
    page.get_by_role("button", name="Исправить").first.click()
    expect(page.locator(".alert-success")).to_contain_text("Исправлено: подписчиков 412 → 415.")
    expect(history).to_contain_text(officer.full_name)
    expect(history.locator(".figure-change")).to_contain_text("412 → 415")
    page.screenshot(path=str(_artifact("channel-detail.png")), full_page=True)

    channel = Channel.objects.get(url="https://vk.com/profkom_rkb")
    other_context = browser.new_context(locale="ru-RU")
    other_page = other_context.new_page()
    login(other_page, live_server, other)
    response = other_page.goto(f"{live_server.url}/cabinet/channels/{channel.pk}/")
    assert response.status == 404
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Страница не найдена")
    other_context.close()


def _artifact(name):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
