"""Scoring rules of the rating (pure functions: no database)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError

SMALL_LIMIT = 300
LARGE_LIMIT = 1000

# The membership-level bands of union practice: 91-100 / 81-90 / 71-80 / 61-70 / 60 and below.
MEMBERSHIP_BANDS = [[91, 100], [81, 80], [71, 60], [61, 40], [0, 20]]


def validate_params(rule: str, params) -> None:
    if not isinstance(params, dict):
        raise ValidationError({"params": "Параметры задаются словарём JSON."}, code="params")
    if rule == "linear":
        target = params.get("target")
        if not isinstance(target, int | float) or target <= 0:
            raise ValidationError(
                {"params": 'Для линейного правила укажите цель больше нуля: {"target": 24}.'},
                code="target",
            )
    elif rule == "bands":
        bands = params.get("bands")
        ok = (
            isinstance(bands, list)
            and bands
            and all(
                isinstance(b, list | tuple)
                and len(b) == 2
                and all(isinstance(x, int | float) for x in b)
                for b in bands
            )
        )
        if not ok:
            raise ValidationError(
                {"params": 'Укажите диапазоны: {"bands": [[91, 100], [81, 80], [0, 20]]}.'},
                code="bands",
            )
    elif rule == "yes_no":
        threshold = params.get("threshold", 1)
        if not isinstance(threshold, int | float):
            raise ValidationError({"params": 'Порог задаётся числом: {"threshold": 1}.'})


def points(rule: str, params: dict, value) -> Decimal:
    """0-100 points of a raw value (an unknown value scores nothing)."""
    if value is None:
        return Decimal(0)
    value = Decimal(str(value))
    if rule == "linear":
        target = Decimal(str(params["target"]))
        result = max(Decimal(0), min(value / target, Decimal(1))) * 100
    elif rule == "bands":
        result = Decimal(0)
        for threshold, score in sorted(params["bands"], key=lambda b: b[0], reverse=True):
            if value >= Decimal(str(threshold)):
                result = Decimal(str(score))
                break
    elif rule == "yes_no":
        result = Decimal(100) if value >= Decimal(str(params.get("threshold", 1))) else Decimal(0)
    else:
        raise ValueError(f"Unknown rule {rule}")
    return result.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def size_group(employees) -> str:
    if employees is None:
        return "unknown"
    if employees < SMALL_LIMIT:
        return "small"
    if employees < LARGE_LIMIT:
        return "medium"
    return "large"


def competition_ranks(totals: list[tuple[int, Decimal]]) -> dict[int, int]:
    """Ranks "1224": equal totals share a place, the next place skips."""
    ordered = sorted(totals, key=lambda item: item[1], reverse=True)
    ranks: dict[int, int] = {}
    previous = None
    for position, (key, total) in enumerate(ordered, start=1):
        if total != previous:
            rank, previous = position, total
        ranks[key] = rank
    return ranks
