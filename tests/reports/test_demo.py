import datetime as dt

import pytest
from django.core.management import call_command

from portal.periods import Period
from reports import selectors
from reports.models import CentralCommitteeReport, PpoMonthlyReport, Rating, RatingResult


@pytest.mark.django_db
def test_demo_data_loads():
    call_command("load_demo")
    assert PpoMonthlyReport.objects.filter(status="accepted").exists()
    assert PpoMonthlyReport.objects.filter(status="submitted").exists()
    reports = list(selectors.cc_reports_current().order_by("month"))
    # One a month from January 2025 up to the last month (line I.8.4 has its history).
    last = Period.current_month().previous()
    assert len(reports) == (last.first_day.year - 2025) * 12 + last.first_day.month
    assert reports[0].month == dt.date(2025, 1, 1)
    # The past months were sent; the last one waits for staff review.
    assert all(r.is_sent for r in reports[:-1])
    assert reports[-1].snapshot["rows"] and not reports[-1].is_sent
    assert RatingResult.objects.exists()
    assert Rating.objects.filter(status="published").count() == 2
    # The 1st of the month's reminder is in the bell of the officers who have not filed.
    from portal.models import Notification

    missing = set(
        selectors.officers_missing_report(last, Period.current_month().first_day).values_list(
            "user_id", flat=True
        )
    )
    reminded = set(
        Notification.objects.filter(kind="reports:reminder").values_list("recipient_id", flat=True)
    )
    assert missing and reminded == missing


@pytest.mark.django_db
def test_demo_shows_a_correction_and_a_report_whose_data_changed():
    call_command("load_demo")
    (correction,) = CentralCommitteeReport.objects.filter(version=2)
    assert correction.is_sent and correction.corrects.is_sent
    assert {c["organization"] for c in correction.corrections} >= {"ППО ГКБ № 1"}
    # Stale: the last month's unsent report (РКБ corrected it afterwards) and the sent month
    # after the corrected one (its change on the month starts from the corrected figure).
    stale = {r.month: r for r in selectors.stale_cc_reports()}
    last, before = sorted(r.month for r in selectors.cc_reports_current())[-2:][::-1]
    assert set(stale) == {last, before}
    assert not stale[last].is_sent and stale[before].is_sent
    assert "ППО РКБ" in {c["organization"] for c in stale[last].changes}
    assert {c["figure"] for c in stale[before].changes} == {"Члены профсоюза: изменение за месяц"}
    (monthly,) = selectors.stale_monthly_reports()
    assert monthly.organization.slug == "gkb1" and monthly.month == correction.month


@pytest.mark.django_db
def test_demo_survey_has_stand_photos_as_private_pipeline_files():
    from PIL import Image

    from portal.storage import private_storage
    from reports.models import SurveyFileAnswer

    call_command("load_demo")
    answers = list(SurveyFileAnswer.objects.select_related("question", "response__survey"))
    assert answers and all("(демо)" in a.response.survey.title for a in answers)
    assert {a.question.text for a in answers} == {"Фото профсоюзного стенда"}
    answer = answers[0]
    assert answer.original_name == "стенд (демо).png" and answer.file.name.endswith(".png")
    assert private_storage().exists(answer.file.name)
    with answer.file.open("rb") as file:
        assert Image.open(file).size == (480, 320)
