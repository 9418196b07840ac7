import datetime as dt

import pytest

from portal.metrics import registry
from portal.periods import MOSCOW, Period
from tests.factories import OrganizationFactory

from .factories import DeliveryFactory, DocumentFactory

pytestmark = pytest.mark.django_db

MARCH = Period.month(2025, 3)


def at(day, hour):
    return dt.datetime(2025, 3, day, hour, 0, tzinfo=MOSCOW)


def test_share_acknowledged_on_time_in_moscow_days():
    metric = registry.get("documents.acknowledged_on_time")
    a, b, idle = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    first = DocumentFactory(acknowledge_by=dt.date(2025, 3, 10))
    second = DocumentFactory(acknowledge_by=dt.date(2025, 3, 20))
    DocumentFactory(acknowledge_by=dt.date(2025, 4, 1))  # due in April: not counted
    # A: the first at 01:00 Moscow the day after (still the deadline day in UTC): late;
    # the second late in the evening of its deadline day: on time.
    DeliveryFactory(document=first, organization=a, opened_at=at(11, 1), acknowledged_at=at(11, 1))
    DeliveryFactory(
        document=second, organization=a, opened_at=at(20, 23), acknowledged_at=at(20, 23)
    )
    # B: one on time, one never acknowledged.
    DeliveryFactory(document=first, organization=b, opened_at=at(5, 9), acknowledged_at=at(5, 9))
    DeliveryFactory(document=second, organization=b)
    ids = [a.pk, b.pk, idle.pk]
    assert metric.values(MARCH, ids) == {a.pk: 50.0, b.pk: 50.0}  # idle: no data, not zero
    assert metric.total(MARCH, ids) == 50.0
    assert metric.values(Period.month(2025, 2), ids) == {}


@pytest.mark.parametrize("n", [2, 9])
def test_one_query_for_any_number_of_ppos(django_assert_max_num_queries, n):
    document = DocumentFactory(acknowledge_by=dt.date(2025, 3, 10))
    organizations = [OrganizationFactory() for _ in range(n)]
    for organization in organizations:
        DeliveryFactory(document=document, organization=organization)
    with django_assert_max_num_queries(1):
        values = registry.get("documents.acknowledged_on_time").values(
            MARCH, [o.pk for o in organizations]
        )
    assert set(values.values()) == {0.0}
