"""Labels and service messages name the organization from its record, read when shown: editing
the record in the admin changes them, no code names it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from portal.models import Organization
from programme import keys
from programme.selectors import SeriesLine
from reports import selectors, services
from reports.models import PpoMonthlyReport


def rename(abbreviation: str) -> None:
    """As staff do in the admin (a save: the record kept in the cache is read afresh)."""
    record = Organization.objects.get(pk=Organization.SINGLETON_PK)
    record.abbreviation = abbreviation
    record.save()


@pytest.mark.django_db
def test_a_metric_label_and_service_messages_follow_the_record(world):
    line = SeriesLine(keys.CHRO_SUBSCRIBERS, "Подписчики", True, False, [], {})
    report = PpoMonthlyReport.objects.create(
        organization=world.org_a, month=dt.date(2025, 12, 1), status="accepted"
    )
    assert line.short_label == "Сети ЧРО"
    with pytest.raises(PermissionDenied, match="аппарату ЧРО"):
        services.rating_preview_start(user=world.officer_a, year=2025)

    rename("ТРО")
    assert line.short_label == "Сети ТРО"
    with pytest.raises(PermissionDenied, match="Это действие доступно аппарату ТРО."):
        services.rating_preview_start(user=world.officer_a, year=2025)
    reason = selectors.accepted_month_reason(world.org_a.pk, report.month)
    assert "исправляет только аппарат ТРО." in reason and "ЧРО" not in reason
