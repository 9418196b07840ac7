"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
# (creating data, checking results) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("Chromium не найден: установите пакет chromium или задайте CHROMIUM_PATH.")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.PORTAL_BASE_URL = live_server.url
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, live_server, user, password=None):
    """Log in through the real login form."""
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Адрес электронной почты").fill(user.email)
    page.get_by_label("Пароль", exact=True).fill(password or PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state("networkidle")


def fill_editor(page, text, label="Текст"):
    """Replace the text of a rich-text editor (portal/editor.py); a blank line: a new paragraph."""
    editor = page.locator(".prose-editor", has=page.get_by_label(label)).locator(".ProseMirror")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for number, paragraph in enumerate(text.split("\n\n")):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)
