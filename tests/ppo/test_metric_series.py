"""Series of stock metrics (members, the membership level, subscribers): one query for all the
periods, the same figures as the total of each period asked one by one (the old way), for PPOs
that join and leave in the year, snapshots and counts on the boundary days, closed channels."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.metrics import registry
from portal.periods import Period
from portal.reuse import reuse
from ppo.models import Channel
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriberCountFactory,
)

pytestmark = pytest.mark.django_db
KEYS = [
    "ppo.membership_level",
    "ppo.members",
    "ppo.employees",
    "ppo.subscribers",
    "ppo.chro_subscribers",
]
# Quarter ends (as the dashboard's trend), a month before any data, single months, a quarter
# and a year (a stock is taken at the period's end), out of order.
PERIODS = [
    Period.month(2024, 6),
    *(Period.month(2025, m) for m in (3, 6, 9, 12)),
    Period.month(2025, 4),
    Period.month(2025, 1),
    Period.quarter(2025, 2),
    Period.for_year(2025),
    Period.month(2024, 12),
]


@pytest.fixture
def union():
    steady = OrganizationFactory()
    joined = OrganizationFactory(joined_on=dt.date(2025, 7, 1))  # joins in the middle of the year
    left = OrganizationFactory(left_on=dt.date(2025, 6, 30))  # leaves: not in 2025's population
    leaving_next_year = OrganizationFactory(left_on=dt.date(2026, 3, 1))
    silent = OrganizationFactory()  # no snapshot, no channel: unknown, never zero
    for month, members in ((dt.date(2025, 1, 1), 50), (dt.date(2025, 4, 1), 55)):
        MembershipFactory(organization=steady, month=month, employees=100, members=members)
    # The first of a month is the snapshot's date: April's snapshot is after the end of March.
    MembershipFactory(organization=joined, month=dt.date(2025, 3, 1), employees=40, members=20)
    MembershipFactory(organization=joined, month=dt.date(2025, 10, 1), employees=40, members=30)
    MembershipFactory(organization=left, month=dt.date(2025, 1, 1), employees=500, members=500)
    MembershipFactory(
        organization=leaving_next_year, month=dt.date(2024, 12, 1), employees=10, members=9
    )

    vk = ChannelFactory(organization=steady)
    SubscriberCountFactory(channel=vk, date=dt.date(2025, 3, 31), count=100)  # on the boundary
    SubscriberCountFactory(channel=vk, date=dt.date(2025, 4, 1), count=130)  # the day after
    SubscriberCountFactory(channel=vk, date=dt.date(2025, 9, 30), count=170)
    # Closed on the last day of June: counts in March, no longer at the end of June.
    closed = ChannelFactory(organization=steady, retired_on=dt.date(2025, 6, 30))
    SubscriberCountFactory(channel=closed, date=dt.date(2025, 2, 10), count=40)
    SubscriberCountFactory(channel=closed, date=dt.date(2025, 7, 15), count=45)  # after closing
    # Closed the day after the end of September: still counts at the end of September.
    late = ChannelFactory(organization=joined, retired_on=dt.date(2025, 10, 1))
    SubscriberCountFactory(channel=late, date=dt.date(2025, 8, 1), count=7)
    SubscriberCountFactory(channel=ChannelFactory(organization=left), count=1000)
    own = ChannelFactory(organization=None, platform=Channel.Platform.TELEGRAM)
    SubscriberCountFactory(channel=own, date=dt.date(2025, 5, 5), count=300)
    SubscriberCountFactory(channel=own, date=dt.date(2025, 12, 31), count=320)
    return {"steady": steady, "joined": joined, "left": left, "silent": silent}


def _one_by_one(key, population):
    metric = registry.get(key)
    return [metric.total(period, population) for period in PERIODS]


@pytest.mark.parametrize("key", KEYS)
def test_a_series_equals_the_totals_asked_period_by_period(union, key):
    population = registry.organizations(Period.for_year(2025))
    metric = registry.get(key)
    assert metric.series_fn is not None  # the dashboard's trend takes one query, not one a point
    expected = _one_by_one(key, population)
    assert metric.series(PERIODS, population) == expected
    # Inside a scope of reuse a total is summed from the values: the same figures again.
    with reuse():
        assert _one_by_one(key, population) == expected
    # A population given as a list of ids (one PPO, the tests' way) answers the same way.
    ids = list(population)
    assert metric.series(PERIODS, ids) == expected


def test_the_series_figures(union):
    population = registry.organizations(Period.for_year(2025))
    series = {key: registry.get(key).series(PERIODS, population) for key in KEYS}
    # 06.2024, 03.2025, 06, 09, 12, 04, 01, Q2, 2025, 12.2024 (the PPO leaving in 2026 counts).
    assert series["ppo.members"] == [None, 79, 84, 84, 94, 84, 59, 84, 94, 9]
    assert series["ppo.employees"] == [None, 150, 150, 150, 150, 150, 110, 150, 150, 10]
    assert series["ppo.membership_level"][1] == round(100 * 79 / 150, 1)
    assert series["ppo.membership_level"][0] is None
    # The closed channel counts at the end of March (40), not at the end of June; the late one
    # at the end of September; the left PPO's channel never (not in the population).
    assert series["ppo.subscribers"] == [None, 140, 130, 177, 170, 170, None, 130, 170, None]
    assert series["ppo.chro_subscribers"] == [None, None, 300, 300, 320, None, None, 300, 320, None]


def test_a_series_is_one_query_whatever_the_number_of_periods(union):
    population = registry.organizations(Period.for_year(2025))
    months = [Period.month(y, m) for y in (2024, 2025) for m in range(1, 13)]
    for key in KEYS:
        with CaptureQueriesContext(connection) as queries:
            registry.get(key).series(months, population)
        assert len(queries) == 1, key


@pytest.mark.parametrize("population", [[], "one without data"])
def test_a_population_without_data_gives_an_unknown_series(population):
    if population:
        population = [OrganizationFactory().pk]
    for key in ("ppo.membership_level", "ppo.members", "ppo.subscribers"):
        assert registry.get(key).series(PERIODS, population) == [None] * len(PERIODS)
