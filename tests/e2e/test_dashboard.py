"""A Presidium member logs in, opens the dashboard, drills into a measure and sees the evidence
a staff member recorded (in the admin)."""

import datetime as dt

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
    assert "выполнено" in card
