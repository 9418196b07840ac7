import datetime as dt

import pytest

from portal.metrics import registry
from portal.periods import Period
from tests.factories import (
    AppointmentFactory,
    ChannelFactory,
    MembershipFactory,
    OrganizationFactory,
    SubscriberCountFactory,
)

pytestmark = pytest.mark.django_db
MARCH = Period.month(2025, 3)


def test_membership_level_total_is_a_ratio_of_sums_not_an_average():
    big, small = OrganizationFactory(), OrganizationFactory()
    MembershipFactory(organization=big, month=dt.date(2025, 2, 1), employees=900, members=810)
    MembershipFactory(organization=small, month=dt.date(2025, 3, 1), employees=100, members=50)
    # A later month does not count for March.
    MembershipFactory(organization=small, month=dt.date(2025, 4, 1), employees=100, members=99)
    metric = registry.get("ppo.membership_level")
    assert metric.values(MARCH, [big.pk, small.pk]) == {big.pk: 90.0, small.pk: 50.0}
    assert metric.total(MARCH, [big.pk, small.pk]) == 86.0  # 860 / 1000, not (90 + 50) / 2


def test_a_ppo_with_no_data_is_unknown_not_zero():
    organization = OrganizationFactory()
    assert registry.get("ppo.membership_level").values(MARCH, [organization.pk]) == {}
    assert registry.get("ppo.subscribers").values(MARCH, [organization.pk]) == {}
    assert registry.get("ppo.channels").values(MARCH, [organization.pk]) == {organization.pk: 0}


def test_officer_appointed_at_period_end():
    with_officer = AppointmentFactory(starts_on=dt.date(2025, 3, 10)).organization
    ended = AppointmentFactory(starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2025, 3, 20))
    later = AppointmentFactory(starts_on=dt.date(2025, 4, 2)).organization
    ids = [with_officer.pk, ended.organization.pk, later.pk]
    metric = registry.get("ppo.officer_appointed")
    assert metric.values(MARCH, ids) == {with_officer.pk: 1, ended.organization.pk: 0, later.pk: 0}
    assert metric.total(MARCH, ids) == 1
    assert registry.get("ppo.officer_share").total(MARCH, ids) == pytest.approx(33.3)


def test_subscribers_stock_and_growth_flow():
    organization = OrganizationFactory()
    vk, tg = ChannelFactory(organization=organization), ChannelFactory(organization=organization)
    SubscriberCountFactory(channel=vk, date=dt.date(2025, 2, 28), count=100)
    SubscriberCountFactory(channel=vk, date=dt.date(2025, 3, 31), count=130)
    SubscriberCountFactory(channel=tg, date=dt.date(2025, 3, 15), count=40)  # new this month
    SubscriberCountFactory(channel=vk, date=dt.date(2025, 4, 30), count=999)
    assert registry.get("ppo.subscribers").values(MARCH, [organization.pk]) == {
        organization.pk: 170
    }
    # Growth only where the start of the period is known: the VK community, +30.
    assert registry.get("ppo.subscribers_growth").values(MARCH, [organization.pk]) == {
        organization.pk: 30
    }
    # A stock never sums across months: the quarter's value is the value at its end.
    assert registry.get("ppo.subscribers").values(Period.quarter(2025, 1), [organization.pk]) == {
        organization.pk: 170
    }


def test_chro_channels_count_only_in_the_chro_total():
    chro = ChannelFactory(organization=None)
    SubscriberCountFactory(channel=chro, date=dt.date(2025, 3, 1), count=2500)
    organization = OrganizationFactory()
    metric = registry.get("ppo.chro_subscribers")
    assert metric.values(MARCH, [organization.pk]) == {}
    assert metric.total(MARCH, [organization.pk]) == 2500


@pytest.mark.parametrize("key", [m.key for m in registry.all() if m.key.startswith("ppo.")])
def test_metric_queries_do_not_grow_with_ppos(key, django_assert_max_num_queries):
    metric = registry.get(key)

    def measure(n):
        organizations = OrganizationFactory.create_batch(n)
        for organization in organizations:
            channel = ChannelFactory(organization=organization)
            SubscriberCountFactory(channel=channel, date=dt.date(2025, 3, 1))
            MembershipFactory(organization=organization, month=dt.date(2025, 3, 1))
            AppointmentFactory(organization=organization)
        return [o.pk for o in organizations]

    small, large = measure(2), measure(25)
    for ids in (small, large):
        with django_assert_max_num_queries(4):
            metric.values(MARCH, ids)
            metric.total(MARCH, ids)


def test_closed_channels_do_not_count_after_they_close():
    organization = OrganizationFactory()
    closed = ChannelFactory(organization=organization, retired_on=dt.date(2024, 2, 10))
    SubscriberCountFactory(channel=closed, date=dt.date(2024, 1, 31), count=500)
    live = ChannelFactory(organization=organization)
    SubscriberCountFactory(channel=live, date=dt.date(2025, 2, 28), count=70)
    ids = [organization.pk]
    assert registry.get("ppo.subscribers").values(MARCH, ids) == {organization.pk: 70}
    assert registry.get("ppo.channels").values(MARCH, ids) == {organization.pk: 1}
    # Before it closed, it counted.
    january = Period.month(2024, 1)
    assert registry.get("ppo.subscribers").values(january, ids) == {organization.pk: 500}
    assert registry.get("ppo.channels").values(january, ids) == {organization.pk: 2}
