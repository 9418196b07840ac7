"""What a PPO must do with documents: acknowledge those that ask for it."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.due import DueItem, registry
from portal.first_steps import Step
from portal.first_steps import registry as first_steps_registry
from portal.notifications import OFFICER, STAFF, register_kind

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


FIRST_READING = {
    Document.Kind.METHODOLOGY: gettext_lazy("Прочитать методические рекомендации «%(title)s»"),
    Document.Kind.BRANDBOOK: gettext_lazy("Прочитать брендбук «%(title)s»"),
}


def first_steps(organization) -> list[Step]:
    """The newest methodological recommendations and brandbook delivered to the PPO, read
    (acknowledged, or opened when no acknowledgement is asked): one query."""
    newest = {}
    deliveries = (
        Delivery.objects.filter(
            organization=organization,
            document__sent_at__isnull=False,
            document__kind__in=list(FIRST_READING),
        )
        .select_related("document")
        .only(
            "pk",
            "opened_at",
            "acknowledged_at",
            "document__title",
            "document__kind",
            "document__acknowledge_by",
        )
        .order_by("-document__sent_at", "-pk")
    )
    for delivery in deliveries:
        newest.setdefault(delivery.document.kind, delivery)
    listing = reverse("documents:cabinet_list")
    steps = []
    for kind, title in FIRST_READING.items():
        delivery = newest.get(kind)
        if delivery is None:
            continue
        document = delivery.document
        done = delivery.acknowledged_at if document.acknowledge_by else delivery.opened_at
        steps.append(
            Step(
                f"documents:{kind}",
                title % {"title": document.title},
                f"{listing}#document-{document.pk}",
                done is not None,
            )
        )
    return steps


first_steps_registry.register("documents", first_steps)
register_kind("documents:sent", gettext_lazy("Получен документ от организации"), audience=OFFICER)
register_kind(
    "documents:reminder", gettext_lazy("Напоминание о документе от аппарата"), audience=OFFICER
)
register_kind("documents:submitted", gettext_lazy("Документ от ППО (для аппарата)"), audience=STAFF)
registry.register("documents", items, watch=(Delivery, Document))
