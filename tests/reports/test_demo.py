import datetime as dt

import pytest
from django.core.management import call_command

from portal.periods import Period
from reports.models import CentralCommitteeReport, PpoMonthlyReport, RatingResult


@pytest.mark.django_db
def test_demo_data_loads():
    call_command("load_demo")
    assert PpoMonthlyReport.objects.filter(status="accepted").exists()
    assert PpoMonthlyReport.objects.filter(status="submitted").exists()
    reports = list(CentralCommitteeReport.objects.order_by("month"))
    # One a month from January 2025 up to the last month (line I.8.4 has its history).
    last = Period.current_month().previous()
    assert len(reports) == (last.first_day.year - 2025) * 12 + last.first_day.month
    assert reports[0].month == dt.date(2025, 1, 1)
    # The past months were sent; the last one waits for staff review.
    assert all(r.is_sent for r in reports[:-1])
    assert reports[-1].snapshot["rows"] and not reports[-1].is_sent
    assert RatingResult.objects.exists()
