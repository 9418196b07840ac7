"""Metrics of the PPO registry (see portal.metrics). One aggregated query per metric."""

import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Sum, When

from portal.metrics import FLOW, STOCK, latest_of_each, latest_sums_on, metric
from portal.periods import Period
from portal.reuse import active as reuse_active
from portal.reuse import reused

from .models import (
    Channel,
    MembershipSnapshot,
    OfficerAppointment,
    PrimaryOrganization,
    SubscriberCount,
)
from .selectors import organizations_active


@reused
def _officer_flags(period: Period, organization_ids: list[int]) -> dict[int, int]:
    """1 for a PPO with an officer in force on the last day of the period, else 0 (a fact)."""
    end = period.last_day
    with_officer = set(
        OfficerAppointment.objects.in_force(end)
        .filter(organization_id__in=organization_ids)
        .values_list("organization_id", flat=True)
    )
    return {pk: int(pk in with_officer) for pk in organization_ids}


@metric(
    "ppo.officer_appointed",
    label="Назначен ответственный по информационной работе",
    unit="да/нет",
    kind=STOCK,
    # How many PPOs have an officer: a count in SQL (the total of a flag is never a sum shown).
    total=lambda period, ids: (
        OfficerAppointment.objects.in_force(period.last_day)
        .filter(organization_id__in=ids)
        .values("organization_id")
        .distinct()
        .count()
    ),
)
def officer_appointed(period, organization_ids):
    return _officer_flags(period, organization_ids)


def _officer_share(period, organization_ids):
    # Counted in SQL over the period's PPOs as a subquery (never their ids in the query's text).
    active = organizations_active(period).filter(pk__in=organization_ids).values("pk")
    count = active.count()
    if not count:
        return None
    with_officer = (
        OfficerAppointment.objects.in_force(period.last_day)
        .filter(organization_id__in=active)
        .values("organization_id")
        .distinct()
        .count()
    )
    return round(100 * with_officer / count, 1)


@metric(
    "ppo.officer_share",
    label="Доля ППО с назначенным ответственным",
    unit="%",
    kind=STOCK,
    total=_officer_share,
)
def officer_share(period, organization_ids):
    return {pk: 100 * flag for pk, flag in _officer_flags(period, organization_ids).items()}


def _latest_snapshot_rows(period: Period, organization_ids) -> QuerySet:
    """The PPOs, each annotated with the members and employees of its last snapshot on or before
    the period's end (NULL: none yet), by one index lookup per PPO and figure."""
    return latest_of_each(
        PrimaryOrganization.objects.filter(pk__in=organization_ids),
        MembershipSnapshot.objects.filter(month__lte=period.last_day),
        owner="organization",
        order="month",
        last_members="members",
        last_employees="employees",
    )


@reused
def _latest_snapshots(period: Period, organization_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(members, employees) of each PPO's last snapshot on or before the period's end."""
    rows = _latest_snapshot_rows(period, organization_ids).values_list(
        "pk", "last_members", "last_employees"
    )
    return {
        org: (members, employees)
        for org, members, employees in rows
        if members is not None  # no snapshot by then: unknown
    }


def _latest_snapshot_sums(period: Period, organization_ids) -> dict:
    """Sums of members and employees over each PPO's last snapshot on or before the period's
    end, in one aggregate (for the totals: no per-PPO rows leave the database). Inside a scope
    of reuse (a compile, the rating) the per-PPO snapshots are read anyway, so they are summed
    instead of being read a second time."""
    if reuse_active():
        latest = list(_latest_snapshots(period, organization_ids).values())
        if not latest:
            return {"members": None, "employees": None}
        return {"members": sum(m for m, _ in latest), "employees": sum(e for _, e in latest)}
    return _latest_snapshot_rows(period, organization_ids).aggregate(
        members=Sum("last_members"), employees=Sum("last_employees")
    )


@reused
def _snapshot_sums_series(periods, organization_ids) -> list[tuple[int, int, int]]:
    """(PPOs with a snapshot, members, employees) at the end of each period, summed over each
    PPO's last snapshot by then: one query for all the periods (snapshots are monthly)."""
    return latest_sums_on(
        MembershipSnapshot.objects.filter(organization_id__in=organization_ids),
        [period.last_day for period in periods],
        owner="organization_id",
        date="month",
        fields=("members", "employees"),
    )


def _snapshot_series(periods, organization_ids, index: int) -> list[int | None]:
    """Members (1) or employees (2) summed at the end of each period; None before any snapshot."""
    return [
        sums[index] if sums[0] else None
        for sums in _snapshot_sums_series(periods, organization_ids)
    ]


def _level(members, employees) -> float | None:
    return round(100 * members / employees, 1) if employees else None


def _membership_total(period, organization_ids):
    sums = _latest_snapshot_sums(period, organization_ids)
    return _level(sums["members"], sums["employees"])


@metric(
    "ppo.membership_level",
    label="Уровень профсоюзного членства",
    unit="%",
    kind=STOCK,
    total=_membership_total,
    series=lambda periods, ids: [_level(m, e) for _, m, e in _snapshot_sums_series(periods, ids)],
)
def membership_level(period, organization_ids):
    return {
        org: round(100 * members / employees, 1)
        for org, (members, employees) in _latest_snapshots(period, organization_ids).items()
        if employees
    }


@metric(
    "ppo.members",
    label="Члены профсоюза",
    unit="чел.",
    kind=STOCK,
    total=lambda period, ids: _latest_snapshot_sums(period, ids)["members"],
    series=lambda periods, ids: _snapshot_series(periods, ids, 1),
)
def members(period, organization_ids):
    return {org: m for org, (m, _) in _latest_snapshots(period, organization_ids).items()}


@metric(
    "ppo.employees",
    label="Работники",
    unit="чел.",
    kind=STOCK,
    total=lambda period, ids: _latest_snapshot_sums(period, ids)["employees"],
    series=lambda periods, ids: _snapshot_series(periods, ids, 2),
)
def employees(period, organization_ids):
    return {org: e for org, (_, e) in _latest_snapshots(period, organization_ids).items()}


@reused
def _membership_moves(period: Period, organization_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(joined, left) summed over the months of the period that have figures."""
    rows = (
        MembershipSnapshot.objects.filter(
            organization_id__in=organization_ids,
            month__gte=period.first_day,
            month__lte=period.last_day,
        )
        .values("organization_id")
        .annotate(joined=Sum("joined"), left=Sum("left"))
    )
    return {row["organization_id"]: (row["joined"], row["left"]) for row in rows}


@metric("ppo.members_joined", label="Вступили в профсоюз за период", unit="чел.", kind=FLOW)
def members_joined(period, organization_ids):
    return {org: joined for org, (joined, _) in _membership_moves(period, organization_ids).items()}


@metric(
    "ppo.members_left",
    label="Выбыли из профсоюза за период",
    unit="чел.",
    kind=FLOW,
    higher_is_better=False,
)
def members_left(period, organization_ids):
    return {org: left for org, (_, left) in _membership_moves(period, organization_ids).items()}


@reused
def _channel_counts_on(day, channels) -> dict[int, tuple[int | None, int]]:
    """{channel_id: (organization_id, latest count on or before day)} for channels with a count."""
    rows = _latest_counts(day, channels).values_list("pk", "organization_id", "last")
    return {pk: (org, count) for pk, org, count in rows if count is not None}


def _latest_counts(day, channels) -> QuerySet:
    """The channels, each with its last count on or before the day as ``last`` (NULL: none yet),
    by one index lookup per channel: a daily history is never read whole."""
    return latest_of_each(
        channels,
        SubscriberCount.objects.filter(date__lte=day),
        owner="channel",
        order="date",
        last="count",
    )


def _subscribers(period: Period, channels) -> dict[int | None, int]:
    per_org: dict[int | None, int] = defaultdict(int)
    for org, count in _channel_counts_on(period.last_day, channels).values():
        per_org[org] += count
    return dict(per_org)


def _subscribers_total(period: Period, channels) -> int | None:
    """The sum of the channels' latest counts in one aggregate (None: no channel has a count);
    inside a scope of reuse, the sum of the counts already read for the same date."""
    if reuse_active():
        counts = [count for _, count in _channel_counts_on(period.last_day, channels).values()]
        return sum(counts) if counts else None
    return _latest_counts(period.last_day, channels).aggregate(total=Sum("last"))["total"]


def _subscribers_series(periods, channels) -> list[int | None]:
    """The channels' latest counts summed at the end of each period (None: no count by then), in
    one query: each channel looked up once per period (its daily history is never read whole),
    counted in the periods at whose end it was not closed (``_active_at_end``)."""
    latest = SubscriberCount.objects.filter(channel=OuterRef("pk")).order_by("-date")
    counts = channels.order_by().annotate(
        **{
            f"last{i}": Case(
                When(
                    _active_at_end(period),
                    then=Subquery(latest.filter(date__lte=period.last_day).values("count")[:1]),
                )
            )
            for i, period in enumerate(periods)
        }
    )
    totals = counts.aggregate(**{f"total{i}": Sum(f"last{i}") for i in range(len(periods))})
    return [totals[f"total{i}"] for i in range(len(periods))]


def _active_at_end(period: Period) -> Q:
    """A channel counts in a period when it was not closed by the period's end. (When it was added
    to the portal does not matter: counts are often entered for months past.)"""
    return Q(retired_on__isnull=True) | Q(retired_on__gt=period.last_day)


def _ppo_channels(period: Period, organization_ids):
    # No ordering: the model's (by the PPO's name) would join the PPOs into every aggregate.
    return Channel.objects.order_by().filter(
        _active_at_end(period), organization_id__in=organization_ids
    )


def _chro_channels(period: Period):
    return Channel.objects.order_by().filter(_active_at_end(period), organization__isnull=True)


@metric(
    "ppo.subscribers",
    label="Подписчики каналов ППО на конец периода",
    unit="чел.",
    kind=STOCK,
    total=lambda period, ids: _subscribers_total(period, _ppo_channels(period, ids)),
    series=lambda periods, ids: _subscribers_series(
        periods, Channel.objects.filter(organization_id__in=ids)
    ),
)
def subscribers(period, organization_ids):
    return _subscribers(period, _ppo_channels(period, organization_ids))


@metric(
    "ppo.chro_subscribers",
    label="Подписчики собственных каналов организации на конец периода",
    unit="чел.",
    kind=STOCK,
    total=lambda period, ids: _subscribers_total(period, _chro_channels(period)) or None,
    series=lambda periods, ids: [
        total or None
        for total in _subscribers_series(periods, Channel.objects.filter(organization__isnull=True))
    ],
)
def chro_subscribers(period, organization_ids):
    # The organization's own channels belong to no PPO: the metric has a total only.
    return {}


def _growth(period: Period, channels) -> dict[int | None, int]:
    """Change over the period, for channels with a count both before and at the end of it."""
    before = _channel_counts_on(period.first_day - dt.timedelta(days=1), channels)
    after = _channel_counts_on(period.last_day, channels)
    per_org: dict[int | None, int] = {}
    for pk, (org, count) in after.items():
        if pk in before:
            per_org[org] = per_org.get(org, 0) + count - before[pk][1]
    return per_org


@metric(
    "ppo.subscribers_growth",
    label="Прирост подписчиков каналов ППО за период",
    unit="чел.",
    kind=FLOW,
)
def subscribers_growth(period, organization_ids):
    return _growth(period, _ppo_channels(period, organization_ids))


@metric(
    "ppo.channels",
    label="Действующие каналы ППО",
    unit="шт.",
    kind=STOCK,
    total=lambda period, ids: _ppo_channels(period, ids).count(),
)
def channels(period, organization_ids):
    rows = _ppo_channels(period, organization_ids).values("organization_id").annotate(n=Count("pk"))
    result = dict.fromkeys(organization_ids, 0)  # no channel is a fact, not unknown
    result.update({row["organization_id"]: row["n"] for row in rows})
    return result


def _ppo_platform_flags(period: Period, organization_ids, platforms) -> dict[int, int]:
    """1 for a PPO with an active channel on one of the platforms at the period's end, else 0."""
    having = set(
        _ppo_channels(period, organization_ids)
        .filter(platform__in=platforms)
        .values_list("organization_id", flat=True)
    )
    return {pk: int(pk in having) for pk in organization_ids}


GROUP_PLATFORMS = (Channel.Platform.VK, Channel.Platform.TELEGRAM)
CHAT_PLATFORMS = (Channel.Platform.WHATSAPP, Channel.Platform.VIBER)


@metric(
    "ppo.ppos_with_group",
    label="ППО с профсоюзной группой ВКонтакте или в Telegram",
    unit="да/нет",
    kind=STOCK,
    total=lambda period, ids: sum(_ppo_platform_flags(period, ids, GROUP_PLATFORMS).values()),
    description="Действующий на конец периода канал ППО ВКонтакте или в Telegram.",
)
def ppos_with_group(period, organization_ids):
    return _ppo_platform_flags(period, organization_ids, GROUP_PLATFORMS)


@metric(
    "ppo.ppos_with_chat",
    label="ППО с профсоюзным чатом в WhatsApp или Viber",
    unit="да/нет",
    kind=STOCK,
    total=lambda period, ids: sum(_ppo_platform_flags(period, ids, CHAT_PLATFORMS).values()),
)
def ppos_with_chat(period, organization_ids):
    return _ppo_platform_flags(period, organization_ids, CHAT_PLATFORMS)


@metric(
    "ppo.own_channels",
    label="Действующие собственные каналы организации",
    unit="шт.",
    kind=STOCK,
    total=lambda period, ids: _chro_channels(period).count(),
)
def own_channels(period, organization_ids):
    # The organization's own channels belong to no PPO: the metric has a total only.
    return {}


def _own_growth(period: Period, platforms=None) -> int | None:
    channels = _chro_channels(period)
    if platforms:
        channels = channels.filter(platform__in=platforms)
    growth = _growth(period, channels)
    return growth.get(None)


@metric(
    "ppo.own_subscribers_growth",
    label="Прирост подписчиков собственных каналов организации за период",
    unit="чел.",
    kind=FLOW,
    total=lambda period, ids: _own_growth(period),
)
def own_subscribers_growth(period, organization_ids):
    return {}


@metric(
    "ppo.own_vk_telegram_growth",
    label="Прирост подписчиков собственных сообществ организации ВКонтакте и в Telegram",
    unit="чел.",
    kind=FLOW,
    total=lambda period, ids: _own_growth(period, GROUP_PLATFORMS),
)
def own_vk_telegram_growth(period, organization_ids):
    return {}


@metric(
    "ppo.own_vk_growth",
    label="Прирост подписчиков собственного сообщества организации ВКонтакте",
    unit="чел.",
    kind=FLOW,
    total=lambda period, ids: _own_growth(period, (Channel.Platform.VK,)),
)
def own_vk_growth(period, organization_ids):
    return {}
