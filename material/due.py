"""What a PPO must do with its equipment: confirm the receipt of items transferred by act."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.due import DueItem, registry
from portal.notifications import OFFICER, register_kind

from .models import EquipmentIssue, TransferAct
from .selectors import acts_to_confirm


def items(organization, today: dt.date) -> list[DueItem]:
    """Acts waiting for the officer's confirmation whose items are still with the PPO: one
    query."""
    return [
        DueItem(
            "material:act",
            _("Подтвердить получение оборудования по акту № %(label)s от %(date)s")
            % {"label": act.label, "date": f"{act.date:%d.%m.%Y}"},
            reverse("material:transfer_act_confirm", kwargs={"pk": act.pk}),
            "material",
        )
        for act in acts_to_confirm(organization)
        .select_related(None)
        .only("pk", "year", "number", "date")
    ]


register_kind(
    "material:act", gettext_lazy("Акт передачи оборудования ждёт подтверждения"), audience=OFFICER
)
registry.register("material", items, watch=(TransferAct, EquipmentIssue))
