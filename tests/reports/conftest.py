import datetime as dt

import pytest

from portal.periods import MOSCOW, Period
from reports import services

JANUARY = Period.month(2025, 1)


def msk(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=MOSCOW)


def file_report(user, organization, *, at, period=JANUARY, **data):
    return services.monthly_report_save(
        user=user, organization=organization, period=period, submit=True, on=at, **data
    )


@pytest.fixture(autouse=True)
def _report_settings(settings):
    settings.REPORTS_DEADLINE_DAY = 5
    settings.CENTRAL_COMMITTEE_EMAIL = "ck@test.invalid"
