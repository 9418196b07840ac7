"""Access rules of the material base (equipment, acts, handover, budgets)."""

import datetime as dt

from django.core.files.base import ContentFile

from tests.factories import AppointmentFactory, UserFactory
from tests.routes import OFFICER_ONLY, OWN_PPO, PRESIDIUM_AND_STAFF, STAFF_ONLY, Route

# The print-ready act: staff and the Presidium see every act, an officer their own PPO's.
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
        world.objects.update(act=act, equipment=laptop, handover_issue=handover.issues.get())
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
