"""axe-core (the copy packaged in axe-playwright-python) finds no serious or critical violation
on the public pages, the officer's cabinet and the Presidium's dashboard; the navigation and its
menus (with logout) work without JavaScript on a 1024 px laptop."""

from pathlib import Path

import axe_playwright_python
import pytest

from programme.loader import load_programme
from tests.e2e.conftest import login
from tests.factories import make_world
from tests.media_archive.factories import AlbumFactory
from tests.publications.factories import publication_in_state

AXE = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def axe_page(browser, live_server, settings):
    # The site's CSP allows only its own scripts; the injected axe-core needs the bypass.
    settings.PORTAL_BASE_URL = live_server.url
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes']}"
        for v in result
        if v["impact"] in SERIOUS
    ]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_serious_violations(axe_page, live_server):
    load_programme()
    world = make_world()
    publication_in_state(
        "published", organization=world.org_a, author=world.officer_a, staff=world.staff
    )
    AlbumFactory(organization=world.org_a)
    page = axe_page
    found = {}
    for path in ["/", "/news/", "/ppo/", world.org_a.get_absolute_url(), "/archive/"]:
        page.goto(f"{live_server.url}{path}")
        found[path] = serious_violations(page)

    login(page, live_server, world.officer_a)
    for path in ["/cabinet/", "/cabinet/publications/new/", "/cabinet/membership/"]:
        page.goto(f"{live_server.url}{path}")
        found[path] = serious_violations(page)
    page.context.clear_cookies()

    login(page, live_server, world.presidium)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("heading", level=1).first.wait_for()
    found["/dashboard/"] = serious_violations(page)

    assert {path: v for path, v in found.items() if v} == {}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_menus_and_logout_work_without_javascript_at_1024(browser, live_server):
    world = make_world()
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 1024, "height": 768}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, live_server, world.presidium)
        page.goto(f"{live_server.url}/")
        # The full menu at 1024 px: no hamburger.
        assert not page.locator(".navbar-toggler").is_visible()
        nav = page.get_by_role("navigation", name="Основная навигация")
        assert nav.get_by_role("link", name="Новости").is_visible()
        assert not nav.get_by_role("link", name="Отчёты в ЦК").is_visible()
        nav.locator("summary", has_text="Отчёты").click()
        nav.get_by_role("link", name="Отчёты в ЦК").click()
        page.wait_for_url("**/staff/reports/cc/")
        nav = page.get_by_role("navigation", name="Основная навигация")
        nav.locator("summary", has_text=world.presidium.get_short_name()).click()
        nav.get_by_role("button", name="Выйти").click()
        page.wait_for_load_state()
        nav = page.get_by_role("navigation", name="Основная навигация")
        assert nav.get_by_role("link", name="Войти").is_visible()
    finally:
        context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_phone_menu_without_javascript_is_shown_expanded(browser, live_server):
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        nav = page.get_by_role("navigation", name="Основная навигация")
        assert nav.get_by_role("link", name="Документы").is_visible()
        assert not page.locator(".navbar-toggler").is_visible()
    finally:
        context.close()
