"""The demo data of the material base loads and shows each feature."""

import io

from django.core.files.storage import storages
from django.core.management import call_command

from material import selectors as equipment_selectors
from material.models import Budget, Equipment, EquipmentIssue, TransferAct
from portal.metrics import registry
from portal.periods import Period
from ppo.models import PrimaryOrganization


def test_load_demo_material(db):
    call_command("load_demo", stdout=io.StringIO())
    assert TransferAct.objects.count() >= 7
    assert EquipmentIssue.objects.filter(end_reason="returned").exists()
    assert EquipmentIssue.objects.filter(end_reason="transferred").exists()
    assert equipment_selectors.issues_needing_handover().exists()
    assert Budget.objects.filter(organization__isnull=True).exists()
    # A written-off item whose act of write-off is a private file (a real PDF).
    written_off = Equipment.objects.exclude(write_off_document="").get(written_off_on__isnull=False)
    assert "(демо)" in written_off.make_model
    with written_off.write_off_document.open("rb") as file:
        assert file.read(5) == b"%PDF-"
    assert storages["private"].exists(written_off.write_off_document.name)
    assert not storages["default"].exists(written_off.write_off_document.name)
    ids = list(PrimaryOrganization.objects.values_list("pk", flat=True))
    period = Period.current_month()
    assert registry.get("ppo.ppos_with_laptop").total(period, ids) >= 6
    at_five = registry.get("ppo.ppos_at_5_percent").values(period, ids)
    assert 0 in at_five.values() and 1 in at_five.values()
