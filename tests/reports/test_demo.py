import pytest
from django.core.management import call_command

from reports.models import CentralCommitteeReport, PpoMonthlyReport, RatingResult


@pytest.mark.django_db
def test_demo_data_loads():
    call_command("load_demo")
    assert PpoMonthlyReport.objects.filter(status="accepted").exists()
    assert PpoMonthlyReport.objects.filter(status="submitted").exists()
    reports = list(CentralCommitteeReport.objects.order_by("month"))
    assert len(reports) == 6
    # The past months were sent; the last one waits for staff review.
    assert all(r.is_sent for r in reports[:-1])
    assert reports[-1].snapshot["rows"] and not reports[-1].is_sent
    assert RatingResult.objects.exists()
