"""A Presidium member logs in, opens the dashboard, drills into a measure and sees the evidence
a staff member recorded (in the admin)."""

import datetime as dt
import os
from pathlib import Path

import pytest

from programme.loader import load_programme
from programme.models import Activity, ExecutionRecord
from tests.e2e.conftest import login
from tests.factories import presidium_user, staff_user


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_presidium_drills_into_a_measure_and_sees_evidence(page, live_server):
    # A transactional test starts from an empty database: load the programme as the migration does.
    load_programme()
    staff = staff_user()
    activity = Activity.objects.get(text__startswith="Выступление с отчетом о проделанной работе")
    ExecutionRecord.objects.create(
        activity=activity,
        date=dt.date(2025, 6, 24),
        text="Отчёт об информационной работе на заседании Президиума",
        evidence_url="https://example.org/protocol-6",
        recorded_by=staff,
    )
    member = presidium_user(full_name="Николаев Павел")

    login(page, live_server, member)
    if "/dashboard/" not in page.url:
        page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#overall")
    assert "Исполнение программы" in page.inner_text("h1")

    page.click("a:has-text('2025')")
    page.click("text=Анализ состояния информационной работы и цифровой зрелости ЧРО")
    page.wait_for_selector(f"#activity-{activity.pk}")
    card = page.inner_text(f"#activity-{activity.pk}")
    assert "Отчёт об информационной работе на заседании Президиума" in card
    assert page.get_attribute(f"#activity-{activity.pk} a.evidence-link", "href") == (
        "https://example.org/protocol-6"
    )
    # The line is counted from the reports to the Presidium saved in the portal (a metric), so a
    # typed record is shown as its evidence but does not mark it done.
    assert "Подтверждение" in card


def _first_screen(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    viewport = page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], (selector, box)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_presidium_sees_indicators_and_lagging_ppos_on_the_first_screen(
    browser, live_server, width, height
):
    load_programme()
    from ppo.models import MembershipSnapshot
    from tests.factories import OrganizationFactory

    for i, organization in enumerate(OrganizationFactory.create_batch(12)):
        MembershipSnapshot.objects.create(
            organization=organization, month=dt.date(2025, 1, 1), employees=100, members=80 + i
        )
    member = presidium_user(full_name="Николаев Павел")
    context = browser.new_context(
        locale="ru-RU", viewport={"width": width, "height": height}, is_mobile=width < 500
    )
    page = context.new_page()
    try:
        login(page, live_server, member)
        page.goto(f"{live_server.url}/dashboard/?year=2025")
        page.wait_for_selector("#indicators-summary")
        shots = Path(os.environ.get("SCREENSHOTS_DIR", "/tmp/shots-h15-dashboard"))
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / f"dashboard-{width}.png"))
        page.screenshot(path=str(shots / f"dashboard-{width}-full.png"), full_page=True)
        for number in (1, 2, 3):
            _first_screen(page, f"#indicator-tile-{number}")
        _first_screen(page, "#lagging-title")
        _first_screen(page, ".lagging-row >> nth=0")
        # A past year's signals name its December.
        assert "декабрь 2025" in page.inner_text(".lagging-row >> nth=0")
        page.click(".lagging-row a >> nth=0")
        page.wait_for_selector("#ppo-figures")
        page.screenshot(path=str(shots / f"ppo-{width}.png"), full_page=True)
    finally:
        context.close()
