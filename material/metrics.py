"""Metrics of the material base: equipment held by PPOs and information-work budgets."""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from portal.metrics import FLOW, STOCK, metric
from portal.periods import Period

from .models import Budget, Equipment, EquipmentIssue
from .models.budgets import ACTUAL_FIELDS, info_share, meets_min_share


def _held_at_end(period: Period, organization_ids):
    end = period.last_day
    return EquipmentIssue.objects.filter(
        organization_id__in=organization_ids, issued_on__lte=end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))


def _laptop_flags(period: Period, organization_ids) -> dict[int, int]:
    with_laptop = set(
        _held_at_end(period, organization_ids)
        .filter(equipment__kind=Equipment.Kind.LAPTOP)
        .values_list("organization_id", flat=True)
    )
    return {pk: int(pk in with_laptop) for pk in organization_ids}


@metric(
    "ppo.ppos_with_laptop",
    label="ППО, обеспеченные ноутбуком за счёт организации",
    unit="да/нет",
    kind=STOCK,
    total=lambda period, ids: sum(_laptop_flags(period, ids).values()),
)
def ppos_with_laptop(period, organization_ids):
    return _laptop_flags(period, organization_ids)


@metric("ppo.equipment_items", label="Выданное ППО оборудование", unit="шт.", kind=STOCK)
def equipment_items(period, organization_ids):
    rows = (
        _held_at_end(period, organization_ids)
        .values("organization_id")
        .annotate(n=Count("equipment_id", distinct=True))
    )
    result = dict.fromkeys(organization_ids, 0)  # no equipment is a fact, not unknown
    result.update({row["organization_id"]: row["n"] for row in rows})
    return result


def _spent_expression():
    return sum((Sum(name) for name in ACTUAL_FIELDS[1:]), Sum(ACTUAL_FIELDS[0]))


def _budgets(period: Period, organization_ids) -> dict[int, tuple[Decimal, Decimal]]:
    """{organization_id: (spent on information work, total)} of the period's year."""
    rows = Budget.objects.filter(
        organization_id__in=organization_ids, year=period.last_day.year
    ).values_list("organization_id", "total", *ACTUAL_FIELDS)
    return {org: (sum(amounts, Decimal(0)), total) for org, total, *amounts in rows}


def _budget_share_total(period, organization_ids):
    row = Budget.objects.filter(
        organization_id__in=organization_ids, year=period.last_day.year
    ).aggregate(spent=_spent_expression(), total=Sum("total"))
    return info_share(row["spent"] or 0, row["total"])


@metric(
    "ppo.info_budget_share",
    label="Доля сметы ППО на информационную работу",
    unit="%",
    kind=STOCK,
    total=_budget_share_total,
    description="Фактические расходы на информационную работу в % от сметы за год.",
)
def info_budget_share(period, organization_ids):
    return {
        org: share
        for org, (spent, total) in _budgets(period, organization_ids).items()
        if (share := info_share(spent, total)) is not None
    }


def _chro_share(period, organization_ids):
    row = Budget.objects.filter(organization__isnull=True, year=period.last_day.year).aggregate(
        spent=_spent_expression(), total=Sum("total")
    )
    return info_share(row["spent"] or 0, row["total"])


@metric(
    "ppo.chro_info_budget_share",
    label="Доля собственной сметы организации на информационную работу",
    unit="%",
    kind=STOCK,
    total=_chro_share,
)
def chro_info_budget_share(period, organization_ids):
    # The organization's own budget belongs to no PPO: the metric has a total only.
    return {}


def _at_minimum(period, organization_ids) -> dict[int, int]:
    return {
        org: int(bool(meets_min_share(spent, total)))
        for org, (spent, total) in _budgets(period, organization_ids).items()
        if total
    }


@metric(
    "ppo.ppos_at_5_percent",
    label="ППО, направившие на информационную работу не менее 5% сметы",
    unit="да/нет",
    kind=STOCK,
    total=lambda period, ids: sum(_at_minimum(period, ids).values()),
)
def ppos_at_5_percent(period, organization_ids):
    return _at_minimum(period, organization_ids)


AUDIO_VIDEO = (Equipment.Kind.CAMERA, Equipment.Kind.MICROPHONE, Equipment.Kind.PROJECTOR)


def _acquired(period: Period, kinds) -> int:
    return Equipment.objects.filter(
        kind__in=kinds, purchase_date__gte=period.first_day, purchase_date__lte=period.last_day
    ).count()


@metric(
    "material.av_equipment_acquired",
    label="Аудио- и видеоаппаратура (камеры, микрофоны, проекторы), приобретённая за период",
    unit="шт.",
    kind=FLOW,
    total=lambda period, ids: _acquired(period, AUDIO_VIDEO),
    description="По дате приобретения в учёте оборудования; итог по организации.",
)
def av_equipment_acquired(period, organization_ids):
    return {}


def _vks_held(period: Period) -> int:
    end = period.last_day
    return Equipment.objects.filter(
        Q(written_off_on__isnull=True) | Q(written_off_on__gt=end),
        kind=Equipment.Kind.VIDEO_CONFERENCE,
        purchase_date__lte=end,
    ).count()


@metric(
    "material.vks_sets",
    label="Комплекты ВКС в учёте оборудования на конец периода",
    unit="шт.",
    kind=STOCK,
    total=lambda period, ids: _vks_held(period),
    description="Приобретённые и не списанные комплекты видеоконференцсвязи.",
)
def vks_sets(period, organization_ids):
    return {}
