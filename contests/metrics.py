"""Metrics of contests (see portal.metrics). One aggregated query per metric."""

from django.db.models import Count

from portal.metrics import FLOW, metric

from .models import Contest, Entry

PRIZE_PLACES = 3


@metric(
    "contests.places",
    label="Призовые места в конкурсах среди ППО",
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


def _held(period, kinds=None):
    contests = Contest.objects.filter(
        results_published_at__gte=period.start, results_published_at__lt=period.end
    )
    if kinds:
        contests = contests.filter(kind__in=kinds)
    return contests


@metric(
    "contests.held",
    label="Конкурсы среди ППО, итоги которых подведены",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _held(period).count(),
    description="Конкурсы по информационной работе, фото- и видеоконкурсы, конкурсы блогеров.",
)
def held(period, organization_ids):
    return {}


@metric(
    "contests.blogger_held",
    label="Конкурсы «Профсоюзный блогер», итоги которых подведены",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _held(period, [Contest.Kind.BLOGGER]).count(),
)
def blogger_held(period, organization_ids):
    return {}


def _participants(period, organization_ids) -> set[int]:
    return set(
        Entry.objects.filter(
            organization_id__in=organization_ids,
            contest__results_published_at__gte=period.start,
            contest__results_published_at__lt=period.end,
        ).values_list("organization_id", flat=True)
    )


def _participants_share(period, organization_ids):
    ids = list(organization_ids)
    if not ids or not _held(period).exists():
        return None
    return round(100 * len(_participants(period, organization_ids)) / len(ids), 1)


@metric(
    "contests.participation",
    label="ППО, участвовавшие в конкурсах",
    unit="да/нет",
    kind=FLOW,
    total=_participants_share,
    description="Итог — доля ППО периода (%) с заявкой в конкурсе, итоги которого подведены.",
)
def participation(period, organization_ids):
    taking_part = _participants(period, organization_ids)
    return {pk: int(pk in taking_part) for pk in organization_ids}


@metric(
    "contests.blogger_announced",
    label="Конкурсы «Профсоюзный блогер», объявленные (начат приём работ)",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: Contest.objects.filter(
        kind=Contest.Kind.BLOGGER,
        submission_starts__gte=period.first_day,
        submission_starts__lte=period.last_day,
    ).count(),
)
def blogger_announced(period, organization_ids):
    return {}
