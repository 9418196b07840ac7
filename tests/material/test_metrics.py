"""Metrics of the material base, in a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from material import services
from material.models import Budget, Equipment
from portal.metrics import registry
from portal.periods import Period
from tests.factories import AppointmentFactory
from tests.material.factories import EquipmentFactory

D = Decimal
YEAR = Period.for_year(2025)


def test_laptops_and_items_follow_the_history(world):
    ids = [world.org_a.pk, world.org_b.pk]
    laptop, camera = EquipmentFactory(), EquipmentFactory(kind=Equipment.Kind.CAMERA)
    services.equipment_issue(
        user=world.staff, organization=world.org_a, items=[laptop], on=dt.date(2025, 2, 1)
    )
    services.equipment_issue(
        user=world.staff, organization=world.org_b, items=[camera], on=dt.date(2025, 2, 1)
    )
    services.equipment_return(user=world.staff, equipment=laptop, on=dt.date(2025, 5, 15))
    laptops = registry.get("ppo.ppos_with_laptop")
    items = registry.get("ppo.equipment_items")
    april, may, january = Period.month(2025, 4), Period.month(2025, 5), Period.month(2025, 1)
    assert laptops.values(april, ids) == {world.org_a.pk: 1, world.org_b.pk: 0}
    assert laptops.total(april, ids) == 1
    assert laptops.values(may, ids) == {world.org_a.pk: 0, world.org_b.pk: 0}
    assert items.values(april, ids) == {world.org_a.pk: 1, world.org_b.pk: 1}
    assert items.values(may, ids) == {world.org_a.pk: 0, world.org_b.pk: 1}
    assert items.values(january, ids) == {world.org_a.pk: 0, world.org_b.pk: 0}
    assert items.total(april, ids) == 2


def test_budget_shares_and_the_five_percent_count(world):
    ids = [world.org_a.pk, world.org_b.pk]
    Budget.objects.create(
        organization=world.org_a, year=2025, total=D("100000"), actual_printing=D("5000")
    )
    Budget.objects.create(
        organization=world.org_b, year=2025, total=D("300000"), actual_other=D("3000")
    )
    Budget.objects.create(organization=None, year=2025, total=D("1000000"), actual_other=D("70000"))
    share = registry.get("ppo.info_budget_share")
    assert share.values(YEAR, ids) == {world.org_a.pk: D("5.00"), world.org_b.pk: D("1.00")}
    assert share.total(YEAR, ids) == D("2.00")  # 8000 / 400000, not the mean of 5 and 1
    assert share.values(Period.month(2025, 6), ids)[world.org_a.pk] == D("5.00")
    assert share.values(Period.for_year(2024), ids) == {}
    at_five = registry.get("ppo.ppos_at_5_percent")
    assert at_five.values(YEAR, ids) == {world.org_a.pk: 1, world.org_b.pk: 0}
    assert at_five.total(YEAR, ids) == 1
    chro = registry.get("ppo.chro_info_budget_share")
    assert chro.values(YEAR, ids) == {}
    assert chro.total(YEAR, ids) == D("7.00")
    assert chro.total(Period.for_year(2024), ids) is None


def _populate(world, n):
    staff = world.staff
    ids = []
    for _i in range(n):
        org = AppointmentFactory().organization
        ids.append(org.pk)
        services.equipment_issue(
            user=staff,
            organization=org,
            items=[EquipmentFactory(), EquipmentFactory(kind=Equipment.Kind.CAMERA)],
            on=dt.date(2025, 3, 1),
        )
        Budget.objects.create(organization=org, year=2025, total=1000, actual_other=50)
    return ids


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(
    "key",
    [
        "ppo.ppos_with_laptop",
        "ppo.equipment_items",
        "ppo.info_budget_share",
        "ppo.chro_info_budget_share",
        "ppo.ppos_at_5_percent",
    ],
)
def test_constant_queries(world, django_assert_max_num_queries, size, key):
    ids = _populate(world, size)
    metric = registry.get(key)
    with django_assert_max_num_queries(2):
        metric.values(YEAR, ids)
        metric.total(YEAR, ids) if key == "ppo.chro_info_budget_share" else None
    with django_assert_max_num_queries(1):
        metric.total(YEAR, ids)
