"""Metrics of the integrations (see portal.metrics): constant queries for any number of PPOs."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from portal.metrics import FLOW, STOCK, metric, registry
from portal.periods import Period

from .models import SocialPost, UnionPageCheck


def _posts(period: Period, organization_filter: Q):
    return SocialPost.objects.filter(
        organization_filter,
        posted_at__date__gte=period.first_day,
        posted_at__date__lte=period.last_day,
    )


def _per_org(period: Period, organization_ids) -> dict[int, dict]:
    rows = (
        _posts(period, Q(channel__organization_id__in=organization_ids))
        .values("channel__organization_id")
        .annotate(
            posts=Count("pk"),
            measured=Count("pk", filter=Q(likes__isnull=False)),
            engagement=Sum(Coalesce(F("likes"), 0) + Coalesce(F("reposts"), 0)),
        )
    )
    return {row["channel__organization_id"]: row for row in rows}


def _chro(period: Period) -> dict:
    return _posts(period, Q(channel__organization__isnull=True)).aggregate(
        posts=Count("pk"),
        measured=Count("pk", filter=Q(likes__isnull=False)),
        engagement=Sum(Coalesce(F("likes"), 0) + Coalesce(F("reposts"), 0)),
    )


def _posts_by_month(periods, organization_ids) -> list[int]:
    """Posts of the PPOs' channels in each period, from one query grouped by month."""
    first, last = min(p.first_day for p in periods), max(p.last_day for p in periods)
    rows = (
        SocialPost.objects.filter(
            channel__organization_id__in=organization_ids,
            posted_at__date__gte=first,
            posted_at__date__lte=last,
        )
        .annotate(month=TruncMonth("posted_at"))
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
    "integrations.social_posts",
    label="Записи в соцсетях (по данным ВКонтакте и Telegram)",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _posts(period, Q(channel__organization_id__in=ids)).count(),
    series=_posts_by_month,
    description=(
        "Записи сообществ ВКонтакте (wall.get) и посты каналов Telegram, которые видел бот."
    ),
)
def social_posts(period, organization_ids):
    counted = _per_org(period, organization_ids)
    # No posts is a fact for a PPO whose posts the portal reads; zero for all PPOs asked.
    return {pk: counted[pk]["posts"] if pk in counted else 0 for pk in organization_ids}


@metric(
    "integrations.chro_social_posts",
    label="Записи собственных сообществ организации в соцсетях",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _chro(period)["posts"],
)
def chro_social_posts(period, organization_ids):
    return {}


def _engagement_total(period, organization_ids):
    rows = _per_org(period, organization_ids).values()
    measured = sum(row["measured"] for row in rows)
    if not measured:
        return None
    return round(sum(row["engagement"] or 0 for row in rows) / measured, 1)


@metric(
    "integrations.engagement_per_post",
    label="Вовлечённость: отметки и репосты на запись ВКонтакте",
    unit="на запись",
    kind=FLOW,
    total=_engagement_total,
)
def engagement_per_post(period, organization_ids):
    return {
        pk: round((row["engagement"] or 0) / row["measured"], 1)
        for pk, row in _per_org(period, organization_ids).items()
        if row["measured"]
    }


def _subscribers(period, organization_ids):
    return registry.get("ppo.subscribers").values(period, organization_ids)


def _engagement_rate_total(period, organization_ids):
    rows = _per_org(period, organization_ids)
    subscribers = _subscribers(period, organization_ids)
    total_subscribers = sum(subscribers.get(pk, 0) for pk in rows)
    if not total_subscribers:
        return None
    engagement = sum(row["engagement"] or 0 for row in rows.values())
    return round(100 * engagement / total_subscribers, 2)


@metric(
    "integrations.engagement_per_subscriber",
    label="Вовлечённость на подписчика (ER)",
    unit="%",
    kind=FLOW,
    total=_engagement_rate_total,
    description="Отметки и репосты записей за период на 100 подписчиков на конец периода.",
)
def engagement_per_subscriber(period, organization_ids):
    rows = _per_org(period, organization_ids)
    subscribers = _subscribers(period, organization_ids)
    return {
        pk: round(100 * (row["engagement"] or 0) / subscribers[pk], 2)
        for pk, row in rows.items()
        if subscribers.get(pk)
    }


def _union_page_flags(period: Period, organization_ids) -> dict[int, int]:
    """1 for a PPO whose union page was reachable and updated within the stale window before the
    period's end, 0 for a checked page that is not; PPOs never checked are unknown."""
    end = dt.datetime.combine(period.last_day, dt.time.max, tzinfo=dt.UTC)
    fresh_from = end - dt.timedelta(days=settings.UNION_PAGE_STALE_DAYS)
    rows = UnionPageCheck.objects.filter(organization_id__in=organization_ids).values_list(
        "organization_id", "status", "content_changed_at"
    )
    return {
        org: int(status == "ok" and changed is not None and changed >= fresh_from)
        for org, status, changed in rows
    }


@metric(
    "integrations.union_page_current",
    label="Профсоюзная страница на сайте медорганизации доступна и обновляется",
    unit="да/нет",
    kind=STOCK,
    description="Строки I.8.1 и II.3.9 программы: по еженедельной проверке страниц.",
)
def union_page_current(period, organization_ids):
    return _union_page_flags(period, organization_ids)
