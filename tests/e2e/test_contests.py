"""An officer submits a photo-contest entry; a juror from another PPO scores it; a juror from
the entry's own PPO does not see it."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from contests import services
from contests.models import Score
from tests.contests.factories import ContestFactory, JurorFactory
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (22, 63, 122)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_officer_submits_photo_entry_and_juror_scores_it(page, live_server, browser):
    contest = ContestFactory(title="Фотоконкурс «Профсоюз в лицах»", slug="faces")
    services.contest_apply_default_criteria(contest=contest)
    officer = AppointmentFactory(organization__short_name="ППО РКБ")
    other = AppointmentFactory(organization__short_name="ППО ГКБ № 1")
    juror = JurorFactory(contest=contest, user=other.user, is_chair=True)
    same_ppo_juror = JurorFactory(
        contest=contest, organization=officer.organization, user__full_name="Член жюри из РКБ"
    )

    login(page, live_server, officer.user)
    page.goto(f"{live_server.url}/cabinet/contests/")
    page.get_by_role("link", name="Подать работу").click()
    page.get_by_label("Название работы").fill("Утро в реанимации")
    page.get_by_label("Автор").fill("Петрова Анна, медсестра")
    page.get_by_role("button", name="Подать работу").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("хотя бы одну фотографию")
    expect(page.get_by_label("Название работы")).to_have_value("Утро в реанимации")
    page.get_by_label("Фотографии").set_input_files(
        files=[{"name": "утро.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.get_by_role("button", name="Подать работу").click()
    expect(page.locator(".alert-success")).to_contain_text("Утро в реанимации")
    expect(page.locator("#own-entries img")).to_have_count(1)

    juror_context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    juror_page = juror_context.new_page()
    login(juror_page, live_server, juror.user)
    juror_page.goto(f"{live_server.url}/jury/faces/")
    expect(juror_page.locator("#jury-progress")).to_contain_text("Оценено 0 из 1")
    juror_page.get_by_role("link", name="Оценить").click()
    labels = ["Соответствие теме", "Композиция", "Выразительность", "Оригинальность"]
    for label in labels:
        juror_page.get_by_label(label).fill("9")
    juror_page.get_by_label("Композиция").fill("12")
    juror_page.get_by_role("button", name="Сохранить оценку").click()
    expect(juror_page.locator(".invalid-feedback")).to_contain_text("не больше 10")
    juror_page.get_by_label("Композиция").fill("8")
    juror_page.get_by_role("button", name="Сохранить оценку").click()
    expect(juror_page.locator(".alert-success")).to_contain_text("Утро в реанимации")
    expect(juror_page.locator("#jury-progress")).to_contain_text("Оценено 1 из 1")
    juror_page.screenshot(path=str(_artifact("jury-phone.png")), full_page=True)
    juror_page.goto(f"{live_server.url}/jury/faces/progress/")
    chair_row = juror_page.locator("#jury-progress-table tr", has_text="председатель")
    expect(chair_row).to_contain_text("1 / 1")
    # The juror from the entry's own PPO has nothing to score: 0 of 0.
    expect(juror_page.locator("#jury-progress-table tr", has_text="из РКБ")).to_contain_text(
        "0 / 0"
    )
    juror_context.close()
    assert sorted(Score.objects.values_list("value", flat=True)) == [8, 9, 9, 9]

    # The juror from the entry's own PPO has nothing to score.
    same_context = browser.new_context(locale="ru-RU")
    same_page = same_context.new_page()
    login(same_page, live_server, same_ppo_juror.user)
    same_page.goto(f"{live_server.url}/jury/faces/")
    expect(same_page.locator("#jury-entries")).to_contain_text("Работ для оценки нет")
    same_context.close()


def _artifact(name):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name
