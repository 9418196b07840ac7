"""A visitor narrows the news feed to one PPO by typing its name: with JavaScript the field
suggests names from the server; without it several matches are offered as links."""

import pytest
from playwright.sync_api import expect

from tests.factories import AppointmentFactory, OrganizationFactory, staff_user
from tests.publications.factories import publication_in_state

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def union(transactional_db):
    staff = staff_user()
    for short_name, slug, title in (
        ("ППО Республиканской детской больницы", "rdb", "Ёлка в стационаре"),
        ("ППО Детской поликлиники № 3", "dp3", "Прививочная неделя"),
        ("ППО Городской больницы № 5", "gb5", "Спартакиада терапевтов"),
    ):
        organization = OrganizationFactory(short_name=short_name, slug=slug)
        publication_in_state(
            "published",
            organization=organization,
            author=AppointmentFactory(organization=organization).user,
            staff=staff,
            title=title,
        )


def test_a_ppo_is_picked_from_the_suggestions(page, live_server, union):
    page.goto(f"{live_server.url}/news/")
    field = page.get_by_placeholder("Все ППО: начните вводить название")
    field.press_sequentially("поликлин", delay=30)
    expect(page.locator("#ppo-suggestions option")).to_have_count(1)
    name = page.locator("#ppo-suggestions option").first.get_attribute("value")
    assert name == "ППО Детской поликлиники № 3"
    field.fill(name)
    page.get_by_role("button", name="Найти").click()
    feed = page.locator("#news-feed")
    expect(feed).to_contain_text("Прививочная неделя")
    expect(feed).not_to_contain_text("Ёлка в стационаре")
    expect(field).to_have_value("ППО Детской поликлиники № 3")


def test_without_javascript_several_matches_are_links(browser, live_server, union):
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/news/")
    page.get_by_placeholder("Все ППО: начните вводить название").fill("детской")
    page.get_by_role("button", name="Найти").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("подходят несколько ППО")
    page.locator("#ppo-choices").get_by_role(
        "link", name="ППО Республиканской детской больницы"
    ).click()
    expect(page.locator("#news-feed")).to_contain_text("Ёлка в стационаре")
    expect(page.locator("#news-feed")).not_to_contain_text("Прививочная неделя")
    context.close()
