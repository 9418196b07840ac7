"""Access rules of the material base (equipment, acts, handover, budgets)."""

import datetime as dt

from django.core.files.base import ContentFile

from tests.factories import AppointmentFactory, UserFactory
from tests.routes import OFFICER_ONLY, OWN_PPO, PRESIDIUM_AND_STAFF, STAFF_ONLY, Route

# The print-ready act (and the act's, an item's write-off and a movement's documents): staff and
# the Presidium see every one, an officer their own PPO's.
ACT_PRINT = {"anonymous": 302, "officer_a": 200, "officer_b": 404, "presidium": 200, "staff": 200}


def material_objects(world) -> dict:
    """An act of PPO A and an item of A held by A's former officer (lazily, once per world)."""
    if "act" not in world.objects:
        from material import services as equipment_services
        from tests.material.factories import EquipmentFactory

        laptop, old_laptop = EquipmentFactory(), EquipmentFactory()
        act = equipment_services.equipment_issue(
            user=world.staff, organization=world.org_a, items=[laptop], on=dt.date(2025, 3, 3)
        )
        former = UserFactory()
        AppointmentFactory(
            user=former,
            organization=world.org_a,
            starts_on=dt.date(2020, 1, 1),
            ends_on=dt.date(2023, 12, 31),
        )
        handover = equipment_services.equipment_issue(
            user=world.staff,
            organization=world.org_a,
            items=[old_laptop],
            on=dt.date(2023, 6, 1),
            recipient=former,
        )
        act.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
        # A camera of A written off with its act: the item's and the closed issue's documents.
        camera = EquipmentFactory(kind="camera")
        equipment_services.equipment_issue(
            user=world.staff, organization=world.org_a, items=[camera], on=dt.date(2024, 1, 10)
        )
        equipment_services.equipment_write_off(
            user=world.staff,
            equipment=camera,
            on=dt.date(2024, 6, 1),
            reason="Разбита",
            document=ContentFile(b"%PDF-1.4 write-off", name="act.pdf"),
        )
        world.objects.update(
            act=act,
            equipment=laptop,
            handover_issue=handover.issues.get(),
            written_off=camera,
            closed_issue=camera.issues.get(),
        )
    return world.objects


ROUTES = [
    Route("material:equipment_issue", STAFF_ONLY),
    Route("material:transfer_act", ACT_PRINT, lambda w: {"pk": material_objects(w)["act"].pk}),
    Route("material:transfer_act_scan", ACT_PRINT, lambda w: {"pk": material_objects(w)["act"].pk}),
    Route(
        "material:equipment_detail",
        STAFF_ONLY,
        lambda w: {"pk": material_objects(w)["equipment"].pk},
    ),
    Route(
        "material:equipment_write_off_document",
        ACT_PRINT,
        lambda w: {"pk": material_objects(w)["written_off"].pk},
    ),
    Route(
        "material:equipment_issue_document",
        ACT_PRINT,
        lambda w: {"pk": material_objects(w)["closed_issue"].pk},
    ),
    Route("material:handover_list", PRESIDIUM_AND_STAFF),
    Route("material:equipment_cabinet", OFFICER_ONLY),
    Route(
        "material:transfer_act_confirm", OWN_PPO, lambda w: {"pk": material_objects(w)["act"].pk}
    ),
    Route(
        "material:handover_accept",
        OWN_PPO,
        lambda w: {"pk": material_objects(w)["handover_issue"].pk},
    ),
    Route("material:budget_cabinet", OFFICER_ONLY),
    Route("material:budget_overview", PRESIDIUM_AND_STAFF, query="?year=2025"),
]
