"""The metric registry: every number of the portal that is a function of (PPO, period).

Apps register their metrics in their own ``metrics.py`` (imported at start-up by
``PortalConfig.ready``); the dashboard, the reports, the rating and the programme read numbers
only through this registry, so the same number is computed in exactly one place.

A metric's ``values(period, organizations)`` returns ``{organization_id: value}`` for many
PPOs in a constant number of SQL queries; a PPO with no data is absent (unknown). The total for
the ЧРО is defined by the metric's ``total`` (a sum, a ratio of sums, a count...), never by
averaging the PPO values.

``organizations`` is the population: normally ``registry.organizations(period)``, the PPOs that
count in the period by the spine's one rule (``ppo.selectors.organizations_active``, registered
at start-up), handed to the metric as a queryset of their ids, so that filters use it as a
subquery and the ids are fetched at most once. A list of ids works too (tests, one PPO).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from .periods import Period

FLOW = "flow"  # counted inside the period (publications approved in October)
STOCK = "stock"  # the last known value on or before the period's end (subscribers, members)

Number = int | float | Decimal
ValuesFn = Callable[[Period, list[int]], dict[int, Number]]
TotalFn = Callable[[Period, list[int]], Number | None]
PopulationFn = Callable[[Period | None], QuerySet]


def organization_ids(organizations) -> QuerySet | list[int]:
    """The population as ids: a queryset of ``pk`` values (a subquery in ``__in`` filters, ints
    when iterated, evaluated at most once) or, for a plain iterable, a list."""
    if isinstance(organizations, QuerySet):
        if organizations._fields == ("pk",):  # already values_list("pk", flat=True)
            return organizations
        return organizations.order_by().values_list("pk", flat=True)
    return list(organizations)


def sum_total(metric: Metric) -> TotalFn:
    def total(period: Period, organization_ids: list[int]) -> Number | None:
        values = metric.values(period, organization_ids)
        return sum(values.values()) if values else None

    return total


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    kind: str
    compute: ValuesFn
    total_fn: TotalFn | None = None
    description: str = ""
    higher_is_better: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.kind not in (FLOW, STOCK):
            raise ValueError(f"Metric {self.key}: kind must be flow or stock")

    def values(self, period: Period, organizations: Iterable[int] | QuerySet) -> dict[int, Number]:
        ids = organization_ids(organizations)
        if not ids:
            return {}
        return self.compute(period, ids)

    def total(self, period: Period, organizations: Iterable[int] | QuerySet) -> Number | None:
        ids = organization_ids(organizations)
        if self.total_fn is not None:
            return self.total_fn(period, ids)
        return sum_total(self)(period, ids)


class MetricRegistry:
    def __init__(self):
        self._metrics: dict[str, Metric] = {}
        self._population: PopulationFn | None = None

    def set_population(self, population: PopulationFn) -> None:
        """The spine says which PPOs count in a period (once, at start-up)."""
        self._population = population

    def organizations(self, period: Period | None = None) -> QuerySet:
        """The ids of the PPOs that count in the period, as a queryset (see organization_ids)."""
        if self._population is None:
            raise RuntimeError("No population registered: the PPO app is not installed")
        return organization_ids(self._population(period))

    def register(self, metric: Metric) -> Metric:
        if metric.key in self._metrics and self._metrics[metric.key] is not metric:
            raise ValueError(f"Metric {metric.key} is registered twice")
        self._metrics[metric.key] = metric
        return metric

    def get(self, key: str) -> Metric:
        try:
            return self._metrics[key]
        except KeyError:
            raise KeyError(f"Unknown metric {key!r}") from None

    def __contains__(self, key: str) -> bool:
        return key in self._metrics

    def all(self) -> list[Metric]:
        return sorted(self._metrics.values(), key=lambda m: m.key)

    def choices(self) -> list[tuple[str, str]]:
        """(key, «label, unit») pairs for forms and the admin."""
        return [(m.key, f"{m.label}, {m.unit}" if m.unit else m.label) for m in self.all()]


registry = MetricRegistry()


def metric(
    key: str,
    *,
    label: str,
    unit: str,
    kind: str,
    total: TotalFn | None = None,
    description: str = "",
    higher_is_better: bool = True,
):
    """Decorator registering ``fn(period, organization_ids) -> {id: value}`` as a metric."""

    def decorator(fn: ValuesFn) -> Metric:
        return registry.register(
            Metric(
                key=key,
                label=label,
                unit=unit,
                kind=kind,
                compute=fn,
                total_fn=total,
                description=description,
                higher_is_better=higher_is_better,
            )
        )

    return decorator
