"""At 390 px an officer writes news with the rich-text editor (bold and a list), under the
site's CSP and with nothing loaded from another host, and sends it for moderation."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from publications.models import Publication
from tests.e2e.conftest import login
from tests.factories import AppointmentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-h16-editor")


def test_officer_writes_news_with_the_editor_on_a_phone(phone_page, live_server):
    page = phone_page
    officer = AppointmentFactory(organization__short_name="ППО РКБ").user
    refused, foreign = [], []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.on(
        "request",
        lambda r: foreign.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    login(page, live_server, officer)
    page.goto(f"{live_server.url}/cabinet/publications/new/")
    page.get_by_label("Заголовок").fill("День донора в РКБ")
    page.get_by_label("Анонс").fill("Сорок сотрудников сдали кровь.")
    editor = page.get_by_role("textbox", name="Текст")  # the editable area carries the label
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Акцию провели ")
    page.get_by_title("bold", exact=True).click()
    page.keyboard.type("в третий раз")
    page.get_by_title("bold", exact=True).click()
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    page.get_by_title("unordered list", exact=True).click()
    page.keyboard.type("хирургия")
    page.keyboard.press("Enter")
    page.keyboard.type("терапия")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "editor-390.png"), full_page=True)
    page.get_by_label("Дата события").fill("2025-03-14")
    page.get_by_label("Рубрика").select_option("sport_culture")
    page.get_by_role("button", name="Отправить на модерацию").click()
    expect(page.locator(".alert-success")).to_contain_text("отправлена на модерацию")

    publication = Publication.objects.get(title="День донора в РКБ")
    assert publication.status == Publication.Status.SUBMITTED
    assert re.search(r"<strong>\s?в третий раз</strong>", publication.body), publication.body
    assert "<ul><li><p>хирургия</p></li><li><p>терапия</p></li></ul>" in publication.body
    assert refused == [], refused
    assert foreign == []
