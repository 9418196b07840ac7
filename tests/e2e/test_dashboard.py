"""A Presidium member logs in, opens the dashboard, drills into a measure and sees the evidence
a staff member recorded (in the admin)."""

import datetime as dt
import os
import shutil

import pytest

from programme.models import Activity, ExecutionRecord
from tests.factories import PASSWORD, presidium_user, staff_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

try:  # the shared fixtures (browser, page, login) written by the lead
    from tests.e2e.conftest import login
except ImportError:  # until they are merged: the same contract, locally
    CHROMIUM_ARGS = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]

    @pytest.fixture
    def page():
        from playwright.sync_api import sync_playwright

        executable = shutil.which("chromium")
        if executable is None:
            pytest.skip("Chromium is not installed")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            context = browser.new_context(locale="ru-RU")
            yield context.new_page()
            context.close()
            browser.close()

    def login(page, live_server, user):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_presidium_drills_into_a_measure_and_sees_evidence(page, live_server):
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
    assert "выполнено" in card
