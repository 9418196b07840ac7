"""What a PPO must do with documents: acknowledge those that ask for it."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.due import DueItem, registry
from portal.notifications import register_kind

from .models import Delivery, Document


def items(organization, today: dt.date) -> list[DueItem]:
    """Deliveries to the PPO with an acknowledgement deadline and no acknowledgement: one
    query."""
    deliveries = (
        Delivery.objects.filter(
            organization=organization,
            document__sent_at__isnull=False,
            document__acknowledge_by__isnull=False,
            acknowledged_at__isnull=True,
        )
        .select_related("document")
        .only("pk", "document__title", "document__acknowledge_by")
    )
    listing = reverse("documents:cabinet_list")
    return [
        DueItem(
            "documents:acknowledge",
            _("Ознакомиться с документом «%(title)s»") % {"title": delivery.document.title},
            f"{listing}#document-{delivery.document.pk}",
            "documents",
            delivery.document.acknowledge_by,
            today > delivery.document.acknowledge_by,
        )
        for delivery in deliveries
    ]


register_kind("documents:sent", gettext_lazy("Получен документ от организации"))
register_kind("documents:submitted", gettext_lazy("Документ от ППО (для аппарата)"))
registry.register("documents", items, watch=(Delivery, Document))
