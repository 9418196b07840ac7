"""The metric registry: every number of the portal that is a function of (PPO, period).

Apps register their metrics in their own ``metrics.py`` (imported at start-up by
``PortalConfig.ready``); the dashboard, the reports, the rating and the programme read numbers
only through this registry, so the same number is computed in exactly one place.

A metric's ``values(period, organizations)`` returns ``{organization_id: value}`` for many
PPOs in a constant number of SQL queries; a PPO with no data is absent (unknown). The total for
the ЧРО is defined by the metric's ``total`` (a sum, a ratio of sums, a count...), never by
averaging the PPO values.

Three ways to ask, all in SQL for any number of PPOs:

* ``values(period, organizations)``: per PPO (drill-downs, the PPO page, the rating);
* ``total(period, organizations)``: one number for the ЧРО. A metric whose total is a plain sum
  declares an SQL ``total`` (an aggregate); without one the sum of ``values`` is the fallback
  (kept for small metrics and old callers, never used by the dashboard's series);
* ``series(periods, organizations)``: totals of many periods, by the metric's ``series``
  function (one grouped query, e.g. a flow by month) or a total per period.

Inside ``with memoised():`` (a compile, a rating, one dashboard) a value asked twice for the
same metric, period and population is computed once; outside it nothing is kept (no
module-level data caches: several processes serve the same database).

``organizations`` is the population: normally ``registry.organizations(period)``, the PPOs that
count in the period by the spine's one rule (``ppo.selectors.organizations_active``, registered
at start-up), handed to the metric as a queryset of their ids, so that filters use it as a
subquery and the ids are fetched at most once. A list of ids works too (tests, one PPO).
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, OuterRef, QuerySet, Subquery

from .periods import Period

FLOW = "flow"  # counted inside the period (publications approved in October)
STOCK = "stock"  # the last known value on or before the period's end (subscribers, members)

Number = int | float | Decimal
ValuesFn = Callable[[Period, list[int]], dict[int, Number]]
TotalFn = Callable[[Period, list[int]], Number | None]
SeriesFn = Callable[[Sequence[Period], list[int]], list[Number | None]]
PopulationFn = Callable[[Period | None], QuerySet]
# A yes/no metric: its total counts the PPOs with «да», never a sum shown as one.
FLAG_UNIT = "да/нет"

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("metric_memo", default=None)


@contextlib.contextmanager
def memoised() -> Iterator[None]:
    """Within the block, each (metric, question, period, population) is computed once. Nested
    blocks share the outer memo."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def _population_key(ids) -> tuple:
    if isinstance(ids, QuerySet):
        sql, params = ids.query.sql_with_params()
        return ("sql", sql, tuple(params))
    return ("ids", tuple(ids))


def _remembered(key: tuple, compute: Callable[[], object]):
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def organization_ids(organizations) -> QuerySet | list[int]:
    """The population as ids: a queryset of ``pk`` values (a subquery in ``__in`` filters, ints
    when iterated, evaluated at most once) or, for a plain iterable, a list."""
    if isinstance(organizations, QuerySet):
        if organizations._fields == ("pk",):  # already values_list("pk", flat=True)
            return organizations
        return organizations.order_by().values_list("pk", flat=True)
    return list(organizations)


def latest_of_each(owners: QuerySet, rows: QuerySet, *, owner: str, order: str, **values):
    """``owners`` annotated with the named values (field names or expressions) of each one's
    last row of ``rows`` by ``order``; NULL for an owner with no such row (aggregates skip it;
    a caller reading rows drops it: filtering on it in SQL would run the lookup twice).

    One correlated index lookup per owner and value (an index on (owner, order) answers it), so
    the time grows with the number of owners, not with the history behind them: a DISTINCT ON
    over the rows reads every row up to the date (36 snapshots or a year of daily counts per
    owner), which at 8,000 PPOs was seven times slower."""
    latest = rows.filter(**{owner: OuterRef("pk")}).order_by(f"-{order}")
    return owners.order_by().annotate(
        **{
            name: Subquery(latest.values(**{name: F(v) if isinstance(v, str) else v})[:1])
            for name, v in values.items()
        }
    )


def latest_sums_on(
    rows: QuerySet, days: Sequence[dt.date], *, owner: str, date: str, fields: Sequence[str]
) -> list[tuple[int, ...]]:
    """For each day: (how many owners have a row on or before it, then the sum of each field
    over each owner's last such row), in one query whatever the number of days.

    Each row counts from its date until its owner's next row, so the database sums the change
    each row makes against its owner's previous one (a window), by date; the running total over
    those dates (a few dozen, not one per owner) is taken here. Meant for rows an owner has a
    few of a year (monthly snapshots): a daily history is better looked up per day
    (``latest_of_each``)."""
    if not days:
        return []
    base = rows.order_by().filter(**{f"{date}__lte": max(days)})
    base = base.values(o=F(owner), d=F(date), **{f"f{i}": F(f) for i, f in enumerate(fields)})
    empty = (0,) * (len(fields) + 1)
    try:
        sql, params = base.query.sql_with_params()
    except EmptyResultSet:  # an empty list of owners: nothing to ask
        return [empty] * len(days)
    changes = ", ".join(f"f{i} - COALESCE(LAG(f{i}) OVER w, 0) AS f{i}" for i in range(len(fields)))
    sums = ", ".join(f"SUM(f{i})" for i in range(len(fields)))
    query = (
        f"WITH r AS ({sql}), "
        # A first row adds an owner (1) and its figures; a later one the change since the last.
        f"c AS (SELECT d, CASE WHEN LAG(d) OVER w IS NULL THEN 1 ELSE 0 END AS n, {changes} "
        "FROM r WINDOW w AS (PARTITION BY o ORDER BY d)) "
        f"SELECT d, SUM(n), {sums} FROM c GROUP BY d ORDER BY d"
    )
    with connections[rows.db].cursor() as cursor:
        cursor.execute(query, params)
        rows_by_date = cursor.fetchall()
    dates, running, totals = [], [0] * (len(fields) + 1), []
    for day, *change in rows_by_date:
        dates.append(day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10]))
        running = [a + int(b or 0) for a, b in zip(running, change, strict=True)]
        totals.append(tuple(running))
    return [totals[i - 1] if (i := bisect.bisect_right(dates, day)) else empty for day in days]


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
    series_fn: SeriesFn | None = None
    description: str = ""
    higher_is_better: bool = True
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.kind not in (FLOW, STOCK):
            raise ValueError(f"Metric {self.key}: kind must be flow or stock")

    @property
    def is_flag(self) -> bool:
        return self.unit == FLAG_UNIT

    @property
    def has_sql_total(self) -> bool:
        return self.total_fn is not None

    def values(self, period: Period, organizations: Iterable[int] | QuerySet) -> dict[int, Number]:
        ids = organization_ids(organizations)

        def compute():
            if not isinstance(ids, QuerySet) and not ids:
                return {}
            return self.compute(period, ids)

        return _remembered((self.key, "values", period, _population_key(ids)), compute)

    def total(self, period: Period, organizations: Iterable[int] | QuerySet) -> Number | None:
        ids = organization_ids(organizations)

        def compute():
            if self.total_fn is not None:
                return self.total_fn(period, ids)
            return sum_total(self)(period, ids)

        return _remembered((self.key, "total", period, _population_key(ids)), compute)

    def series(
        self, periods: Sequence[Period], organizations: Iterable[int] | QuerySet
    ) -> list[Number | None]:
        """The total of each period, in order: one grouped query when the metric has a series
        function, else one total per period (a constant number of queries either way)."""
        ids = organization_ids(organizations)
        periods = list(periods)
        if not periods:
            return []
        if self.series_fn is None:
            return [self.total(period, ids) for period in periods]

        def compute():
            return list(self.series_fn(periods, ids))

        return _remembered((self.key, "series", tuple(periods), _population_key(ids)), compute)

    def counted(
        self, period: Period, organizations: Iterable[int] | QuerySet, *, threshold: float = 1
    ) -> tuple[list[int], list[int]]:
        """The PPOs the metric counts for a line (value >= threshold) and those it does not
        (below it or unknown), as ids: the drill-down of a line."""
        ids = organization_ids(organizations)
        values = self.values(period, ids)
        counted = [pk for pk in ids if float(values.get(pk) or 0) >= threshold]
        counted_set = set(counted)
        return counted, [pk for pk in ids if pk not in counted_set]


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

    def __len__(self) -> int:
        return len(self._metrics)

    def all(self) -> list[Metric]:
        return sorted(self._metrics.values(), key=lambda m: m.key)

    def app_labels(self) -> frozenset[str]:
        """The apps whose data the metrics read (each registers its metrics in its own
        ``metrics.py``): a change of their rows may change a number."""
        return frozenset(m.compute.__module__.partition(".")[0] for m in self._metrics.values())

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
    series: SeriesFn | None = None,
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
                series_fn=series,
                description=description,
                higher_is_better=higher_is_better,
            )
        )

    return decorator
