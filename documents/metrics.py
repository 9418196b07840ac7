"""Metrics of the document exchange (see portal.metrics). One aggregated query per metric."""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from portal.metrics import FLOW, metric
from portal.periods import MOSCOW

from .models import Delivery


def _deliveries_due(period, organization_ids):
    """Deliveries whose acknowledgement deadline falls in the period."""
    return Delivery.objects.filter(
        organization_id__in=organization_ids,
        document__acknowledge_by__gte=period.first_day,
        document__acknowledge_by__lte=period.last_day,
    )


def _on_time_counts(period, organization_ids) -> dict[int, tuple[int, int]]:
    """{organization_id: (acknowledged on time, due)} in one query. «On time» means by the end
    of the deadline day, Moscow time."""
    rows = (
        _deliveries_due(period, organization_ids)
        .annotate(acknowledged_on=TruncDate("acknowledged_at", tzinfo=MOSCOW))
        .values("organization_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(acknowledged_on__lte=F("document__acknowledge_by"))),
        )
    )
    return {row["organization_id"]: (row["on_time"], row["due"]) for row in rows}


def _share_total(period, organization_ids):
    counts = _on_time_counts(period, organization_ids).values()
    due = sum(total for _on_time, total in counts)
    if not due:
        return None
    return round(100 * sum(on_time for on_time, _total in counts) / due, 1)


@metric(
    "documents.acknowledged_on_time",
    label="Документы ЧРО, с которыми ознакомились в срок",
    unit="%",
    kind=FLOW,
    total=_share_total,
    description="Доля документов со сроком ознакомления в периоде, подтверждённых ППО не позже "
    "срока. ППО без таких документов в периоде — нет данных.",
)
def acknowledged_on_time(period, organization_ids):
    return {
        organization_id: round(100 * on_time / due, 1)
        for organization_id, (on_time, due) in _on_time_counts(period, organization_ids).items()
    }
