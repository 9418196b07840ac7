"""Metrics of contests (see portal.metrics). One aggregated query per metric."""

from django.db.models import Count

from portal.metrics import FLOW, metric

from .models import Entry

PRIZE_PLACES = 3


@metric(
    "contests.places",
    label="Призовые места в конкурсах ЧРО",
    unit="мест",
    kind=FLOW,
    description="Места с 1-го по 3-е (в каждой номинации) в конкурсах, итоги которых "
    "опубликованы в периоде; ничьи считаются за каждую ППО.",
)
def prize_places(period, organization_ids):
    counts = dict(
        Entry.objects.filter(
            organization_id__in=organization_ids,
            place__gte=1,
            place__lte=PRIZE_PLACES,
            contest__results_published_at__gte=period.start,
            contest__results_published_at__lt=period.end,
        )
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    # No prize in the period is a fact, not an unknown.
    return {pk: counts.get(pk, 0) for pk in organization_ids}
