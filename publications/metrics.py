"""Metrics of publications (see portal.metrics): one aggregated query per metric."""

import datetime as dt
import statistics
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from portal.metrics import FLOW, metric
from portal.periods import MOSCOW, Period

from .models import OutsideMediaPublication, PrintedIssue, Publication, Review


def _approved_in(period: Period, organization_ids):
    return Publication.objects.filter(
        organization_id__in=organization_ids,
        approved_at__gte=period.start,
        approved_at__lt=period.end,
    )


def _approved_by_month(periods, organization_ids) -> list[int]:
    """Approvals in each period, from one query grouped by Moscow month (the periods are
    months, quarters or years; each gets the months inside it)."""
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    rows = (
        Publication.objects.filter(
            organization_id__in=organization_ids, approved_at__gte=first, approved_at__lt=last
        )
        .annotate(month=TruncMonth("approved_at", tzinfo=MOSCOW))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    by_month = {(m.year, m.month): n for m, n in rows}
    return [
        sum(n for (y, m), n in by_month.items() if p.first_day <= dt.date(y, m, 1) <= p.last_day)
        for p in periods
    ]


@metric(
    "ppo.publications_approved",
    label="Публикации ППО, одобренные для ленты новостей портала",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _approved_in(period, ids).count(),
    series=_approved_by_month,
)
def publications_approved(period, organization_ids):
    rows = (
        _approved_in(period, organization_ids)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    result = dict.fromkeys(organization_ids, 0)  # no publications is a fact
    result.update(dict(rows))
    return result


@metric(
    "ppo.social_links",
    label="Публикации ППО в социальных сетях (ссылки на посты ВКонтакте и в Telegram)",
    unit="шт.",
    kind=FLOW,
)
def social_links(period, organization_ids):
    rows = (
        _approved_in(period, organization_ids)
        .values("organization_id")
        .annotate(
            vk=Count("pk", filter=~Q(vk_url="")),
            telegram=Count("pk", filter=~Q(telegram_url="")),
        )
        .values_list("organization_id", "vk", "telegram")
    )
    result = dict.fromkeys(organization_ids, 0)
    result.update({org: vk + telegram for org, vk, telegram in rows})
    return result


@metric(
    "ppo.months_with_publications",
    label="Месяцы с хотя бы одной одобренной публикацией ППО",
    unit="мес.",
    kind=FLOW,
    total=lambda period, ids: len({month for _, month in _publication_months(period, ids)}),
)
def months_with_publications(period, organization_ids):
    result = dict.fromkeys(organization_ids, 0)
    for org, _month in _publication_months(period, organization_ids):
        result[org] += 1
    return result


def _publication_months(period: Period, organization_ids) -> set[tuple[int, dt.date]]:
    """Distinct (PPO, Moscow month) pairs with an approval inside the period (one query)."""
    rows = (
        _approved_in(period, organization_ids)
        .annotate(month=TruncMonth("approved_at", tzinfo=MOSCOW))
        .values_list("organization_id", "month")
        .distinct()
    )
    return {(org, month.date() if hasattr(month, "date") else month) for org, month in rows}


def _turnaround_hours(period: Period, organization_ids) -> dict[int, list[float]]:
    """Hours from submission to the decision of reviews decided inside the period."""
    rows = Review.objects.filter(
        publication__organization_id__in=organization_ids,
        closed_at__gte=period.start,
        closed_at__lt=period.end,
    ).values_list("publication__organization_id", "opened_at", "closed_at")
    hours: dict[int, list[float]] = defaultdict(list)
    for org, opened, closed in rows:
        hours[org].append((closed - opened).total_seconds() / 3600)
    return hours


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


@metric(
    "ppo.moderation_turnaround_median",
    label="Медианное время модерации публикаций",
    unit="ч",
    kind=FLOW,
    total=lambda period, ids: (
        _median(all_hours)
        if (all_hours := [h for v in _turnaround_hours(period, ids).values() for h in v])
        else None
    ),
    higher_is_better=False,
)
def moderation_turnaround_median(period, organization_ids):
    # A PPO with nothing decided in the period is unknown, not zero.
    return {
        org: _median(values) for org, values in _turnaround_hours(period, organization_ids).items()
    }


def _published_in(period: Period):
    return Publication.objects.filter(
        status=Publication.Status.PUBLISHED,
        published_at__gte=period.start,
        published_at__lt=period.end,
    )


@metric(
    "publications.published",
    label="Новости, опубликованные на сайте (ППО и самой организации)",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: (
        _published_in(period)
        .filter(Q(organization_id__in=ids) | Q(organization__isnull=True))
        .count()
    ),
    description="Итог — все новости ленты за период; по ППО — её новости.",
)
def published(period, organization_ids):
    rows = (
        _published_in(period)
        .filter(organization_id__in=organization_ids)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    result = dict.fromkeys(organization_ids, 0)
    result.update(dict(rows))
    return result


@metric(
    "publications.own_published",
    label="Собственные новости организации, опубликованные на сайте",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _published_in(period).filter(organization__isnull=True).count(),
)
def own_published(period, organization_ids):
    # The organization's own news belongs to no PPO: the metric has a total only.
    return {}


def _outside(period: Period, kind: str):
    return OutsideMediaPublication.objects.filter(
        kind=kind, published_on__gte=period.first_day, published_on__lte=period.last_day
    )


def _outside_metric(key: str, label: str, kind: str):
    def values(period, organization_ids):
        rows = (
            _outside(period, kind)
            .filter(organization_id__in=organization_ids)
            .values("organization_id")
            .annotate(n=Count("pk"))
            .values_list("organization_id", "n")
        )
        result = dict.fromkeys(organization_ids, 0)
        result.update(dict(rows))
        return result

    return metric(
        key,
        label=label,
        unit="шт.",
        kind=FLOW,
        total=lambda period, ids: _outside(period, kind).count(),
        description="Итог — все записи за период (и об организации, и о ППО); по ППО — о ней.",
    )(values)


_outside_metric(
    "publications.outside_media",
    "Публикации о Профсоюзе во внешних СМИ и информационных агентствах",
    OutsideMediaPublication.Kind.MEDIA,
)
_outside_metric(
    "publications.union_press",
    "Материалы, размещённые в профсоюзных изданиях",
    OutsideMediaPublication.Kind.UNION_PRESS,
)


def _issued(period: Period):
    return PrintedIssue.objects.filter(
        issued_on__gte=period.first_day, issued_on__lte=period.last_day
    )


@metric(
    "publications.own_printed_issues",
    label="Печатные выпуски организации (бюллетени, листки, памятки, методички)",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _issued(period).filter(organization__isnull=True).count(),
)
def own_printed_issues(period, organization_ids):
    return {}


@metric(
    "publications.own_leaflets_with_links",
    label="Информационные листки организации со ссылками на социальные сети",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: (
        _issued(period)
        .filter(organization__isnull=True, kind=PrintedIssue.Kind.LEAFLET, has_social_links=True)
        .count()
    ),
)
def own_leaflets_with_links(period, organization_ids):
    return {}


@metric(
    "publications.ppo_printed_issues",
    label="Собственная печатная продукция ППО с профсоюзной символикой",
    unit="шт.",
    kind=FLOW,
    description="Выпуски ППО (бюллетени, листки, памятки, буклеты) за период.",
)
def ppo_printed_issues(period, organization_ids):
    rows = (
        _issued(period)
        .filter(organization_id__in=organization_ids)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    result = dict.fromkeys(organization_ids, 0)
    result.update(dict(rows))
    return result
