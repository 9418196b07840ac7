import pytest
from django.core.management import call_command

from reports.models import CentralCommitteeReport, PpoMonthlyReport, RatingResult


@pytest.mark.django_db
def test_demo_data_loads():
    call_command("load_demo")
    assert PpoMonthlyReport.objects.filter(status="accepted").exists()
    assert PpoMonthlyReport.objects.filter(status="submitted").exists()
    report = CentralCommitteeReport.objects.get()
    assert report.snapshot["rows"] and not report.is_sent
    assert RatingResult.objects.exists()
