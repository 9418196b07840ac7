"""Latest-value-on-a-date metrics: one query of one index lookup per PPO (or channel) and
figure, never a read of the whole history; and reused, not recomputed, inside a compile."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.metrics import registry
from portal.periods import Period
from portal.reuse import reuse
from tests.factories import (
    ChannelFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriberCountFactory,
)

pytestmark = pytest.mark.django_db
MARCH = Period.month(2025, 3)
KEYS = [
    "ppo.members",
    "ppo.employees",
    "ppo.membership_level",
    "ppo.subscribers",
    "ppo.subscribers_growth",
]


@pytest.fixture
def union():
    organizations = OrganizationFactory.create_batch(4)
    for k, organization in enumerate(organizations):
        for month, members in ((1, 50 + k), (3, 60 + k), (4, 99)):  # April is after March
            MembershipFactory(
                organization=organization,
                month=dt.date(2025, month, 1),
                employees=100,
                members=members,
            )
        channel = ChannelFactory(organization=organization)
        for day, count in ((dt.date(2025, 2, 20), 100 + k), (dt.date(2025, 3, 30), 150 + 2 * k)):
            SubscriberCountFactory(channel=channel, date=day, count=count)
        SubscriberCountFactory(channel=channel, date=dt.date(2025, 4, 2), count=999)
    return organizations


def _all(ids):
    return {key: registry.get(key).values(MARCH, ids) for key in KEYS} | {
        f"{key} total": registry.get(key).total(MARCH, ids) for key in KEYS
    }


def test_latest_values_on_a_date(union):
    ids = registry.organizations(MARCH)
    values = _all(ids)
    first = union[0].pk
    assert values["ppo.members"][first] == 60
    assert values["ppo.subscribers"][first] == 150
    assert values["ppo.subscribers_growth"][first] == 50
    assert values["ppo.members total"] == 60 + 61 + 62 + 63
    assert values["ppo.membership_level"] == {o.pk: 60 + k for k, o in enumerate(union)}
    assert values["ppo.subscribers total"] == sum(150 + 2 * k for k in range(4))


def test_one_query_per_latest_value_whatever_the_number_of_rows(union):
    ids = registry.organizations(MARCH)
    with CaptureQueriesContext(connection) as queries:
        registry.get("ppo.members").values(MARCH, ids)
    snapshot_queries = [q["sql"] for q in queries if "ppo_membershipsnapshot" in q["sql"]]
    assert len(snapshot_queries) == 1
    # One lookup of the last snapshot per PPO and figure (members, employees), not a DISTINCT
    # ON over every snapshot up to the date (its time would grow with the history).
    assert "DISTINCT ON" not in snapshot_queries[0]
    assert snapshot_queries[0].count("LIMIT 1") == 2


def test_values_read_once_inside_a_reuse_scope(union):
    ids = registry.organizations(MARCH)
    with CaptureQueriesContext(connection) as outside:
        plain = _all(ids)
    with CaptureQueriesContext(connection) as inside, reuse():
        reused = _all(ids)
    assert reused == plain

    def reads(queries, table):
        return sum(table in q["sql"] for q in queries)

    # Members, employees and the level (values and totals) share one read of the snapshots;
    # subscribers and growth share the counts at the end of March.
    assert reads(outside, "ppo_membershipsnapshot") == 6
    assert reads(inside, "ppo_membershipsnapshot") == 1
    assert reads(outside, "ppo_subscribercount") == 6
    assert reads(inside, "ppo_subscribercount") == 2  # at the end of February and of March
    # Outside a scope nothing is kept: the next call reads again.
    with CaptureQueriesContext(connection) as again:
        registry.get("ppo.members").values(MARCH, ids)
    assert reads(again, "ppo_membershipsnapshot") == 1


def test_the_report_to_the_central_committee_reads_the_snapshots_once_a_month(union):
    from reports.services import cc_snapshot

    with CaptureQueriesContext(connection) as queries:
        snapshot = cc_snapshot(MARCH)
    reads = sum("ppo_membershipsnapshot" in q["sql"] for q in queries)
    assert reads == 2  # March and February (the change), not once per metric and total
    assert snapshot["organizations"] == 4
