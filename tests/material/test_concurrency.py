"""Act numbers and the one-open-issue rule hold under concurrent requests (real transactions)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from material import services
from material.models import EquipmentIssue, TransferAct
from tests.factories import make_world
from tests.material.factories import EquipmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # collected and checked by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_acts_get_distinct_sequential_numbers():
    world = make_world()
    items = [EquipmentFactory() for _ in range(6)]
    jobs = [
        lambda item=item: services.equipment_issue(
            user=world.staff, organization=world.org_a, items=[item]
        )
        for item in items
    ]
    assert _run_at_once(jobs) == []
    numbers = sorted(TransferAct.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_concurrent_issues_of_one_item_only_one_wins():
    world = make_world()
    laptop = EquipmentFactory()
    jobs = [
        lambda org=org: services.equipment_issue(user=world.staff, organization=org, items=[laptop])
        for org in (world.org_a, world.org_b, world.org_a, world.org_b)
    ]
    errors = _run_at_once(jobs)
    assert len(errors) == 3
    assert all(isinstance(e, ValidationError) and "уже выдано" in str(e) for e in errors)
    assert EquipmentIssue.objects.filter(equipment=laptop, ended_on__isnull=True).count() == 1
    assert TransferAct.objects.count() == 1  # the losers' acts were rolled back
