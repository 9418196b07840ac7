import datetime as dt

import pytest

from portal.periods import MOSCOW, Period


def test_month_boundaries_are_moscow_time():
    march = Period.month(2025, 3)
    assert march.start == dt.datetime(2025, 3, 1, tzinfo=MOSCOW)
    assert march.end == dt.datetime(2025, 4, 1, tzinfo=MOSCOW)
    assert march.start.astimezone(dt.UTC) == dt.datetime(2025, 2, 28, 21, tzinfo=dt.UTC)


def test_navigation_and_contents():
    assert Period.month(2025, 1).previous() == Period.month(2024, 12)
    assert Period.quarter(2025, 4).next() == Period.quarter(2026, 1)
    assert [m.index for m in Period.quarter(2025, 2).months()] == [4, 5, 6]
    assert len(Period.for_year(2024).months()) == 12
    assert Period.month(2024, 2).last_day == dt.date(2024, 2, 29)
    assert str(Period.month(2025, 10)) == "октябрь 2025"


@pytest.mark.parametrize("text", ["2025-13", "25-01", "март"])
def test_bad_month_text_is_explained(text):
    with pytest.raises(ValueError, match="ГГГГ-ММ"):
        Period.parse_month(text)


@pytest.mark.parametrize("year", [0, 1899, 10000])
def test_years_outside_the_calendar_are_refused(year):
    with pytest.raises(ValueError):
        Period.month(year, 5)
