"""Reads of the programme: the roll-up tree, the drill-down, indicators and PPO signals.

Every function reads in a number of queries that does not depend on the number of PPOs: PPO
figures come from the metric registry, which computes many PPOs in one aggregate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from portal import pagecache
from portal.metrics import FLOW, memoised, registry
from portal.organization import named
from portal.periods import MONTH_NAMES, Period
from ppo.models import PrimaryOrganization
from ppo.selectors import organizations_active, organizations_named

from . import charts, keys, progress
from .models import (
    Activity,
    Attendance,
    ExecutionRecord,
    Indicator,
    Measure,
    Programme,
    Section,
    Training,
)

NO_DATA = None  # a value the metric registry cannot give (key not registered, or unknown)


def programmes_in_force() -> QuerySet[Programme]:
    """The active programme and the closed ones: what the dashboard and the history show (a
    draft is still being prepared in the admin)."""
    return Programme.objects.exclude(status=Programme.Status.DRAFT)


def programme_years() -> list[int]:
    """Every year some programme in force covers: the years of every year selector."""
    spans = programmes_in_force().values_list("year_from", "year_to")
    return sorted({y for a, b in spans for y in range(a, b + 1)})


def default_year(years: list[int], *, today: dt.date) -> int:
    """The year a page opens with: the current year, or the nearest past year any programme
    covers (the first one if all are still to come)."""
    if today.year in years:
        return today.year
    past = [y for y in years if y <= today.year]
    return past[-1] if past else years[0]


def programme_for_year(year: int) -> Programme | None:
    # Should two programmes in force overlap, the active (newer) one wins.
    return (
        programmes_in_force()
        .filter(year_from__lte=year, year_to__gte=year)
        .order_by("status", "-year_from")
        .first()
    )


def active_programme() -> Programme | None:
    return Programme.objects.filter(status=Programme.Status.ACTIVE).first()


def latest_programme() -> Programme | None:
    return programmes_in_force().order_by("-year_to").first()


def programmes_list() -> QuerySet[Programme]:
    return programmes_in_force().select_related("final_result").order_by("-year_from")


def organizations_of_year(year: int) -> list[PrimaryOrganization]:
    """The PPOs that count in a programme year (the spine's one rule), by name."""
    return list(organizations_active(Period.for_year(year)).order_by("short_name", "pk"))


def sections_with_activities(programme: Programme) -> QuerySet[Section]:
    return programme.sections.order_by("order").prefetch_related(
        Prefetch(
            "measures",
            queryset=Measure.objects.order_by("number").prefetch_related(
                Prefetch(
                    "activities",
                    queryset=Activity.objects.order_by("order"),
                    to_attr="activities_list",
                )
            ),
            to_attr="measures_list",
        )
    )


def records_by_activity(
    programme: Programme, year: int, *, until: dt.date | None = None
) -> dict[int, list]:
    last_day = dt.date(year, 12, 31) if until is None else min(until, dt.date(year, 12, 31))
    rows = ExecutionRecord.objects.filter(
        activity__measure__section__programme=programme,
        date__gte=programme.approved_on,
        date__lte=last_day,
    ).values_list("activity_id", "organization_id", "date")
    result: dict[int, list] = defaultdict(list)
    for activity_id, organization_id, date in rows:
        result[activity_id].append((organization_id, date))
    return result


def programme_tree(
    programme: Programme,
    year: int,
    *,
    today: dt.date,
    organization_ids: list[int] | None = None,
    until: dt.date | None = None,
) -> progress.Node:
    if organization_ids is None:
        organization_ids = registry.organizations(Period.for_year(year))
    return progress.build_tree(
        programme,
        list(sections_with_activities(programme)),
        year,
        today=today,
        records_by_activity=records_by_activity(programme, year, until=until),
        organization_ids=organization_ids,
    )


def find_node(tree: progress.Node, measure_pk: int) -> progress.Node | None:
    for section in tree.children:
        for measure in section.children:
            if measure.item.pk == measure_pk:
                return measure
    return None


def records_of_measure(measure: Measure, year: int) -> dict[int, list[ExecutionRecord]]:
    """The evidence of each line for the year it is judged for (a line that ended earlier shows
    its last year's)."""
    programme = measure.section.programme
    starts_on, ends_on = programme.approved_on, dt.date(programme.year_to, 12, 31)
    activities = list(measure.activities.all())
    years = {
        a.pk: progress.effective_year(a, year, starts_on=starts_on, ends_on=ends_on)
        for a in activities
    }
    rows = (
        ExecutionRecord.objects.filter(activity__measure=measure, date__year__lte=year)
        .select_related("organization", "recorded_by")
        .order_by("-date", "-pk")
    )
    result: dict[int, list[ExecutionRecord]] = defaultdict(list)
    for record in rows:
        if record.date.year == years.get(record.activity_id):
            result[record.activity_id].append(record)
    return result


def ppo_activities(programme: Programme | None = None) -> QuerySet[Activity]:
    """Lines every PPO carries out, of the given programme (by default the active one; none
    when no programme is active)."""
    if programme is None:
        programme = active_programme()
    return (
        Activity.objects.filter(
            responsible=Section.Responsible.EACH_PPO, measure__section__programme=programme
        )
        .select_related("measure__section")
        .order_by("measure__section__order", "measure__number", "order")
    )


def ppo_lines_for(
    organization, *, today: dt.date, programme: Programme | None = None, year: int | None = None
) -> list[tuple[Activity, progress.Evaluation]]:
    """The PPO lines of the programme in force (or the one given), each judged for this PPO
    alone (the officer's «what is due», the PPO's page on the dashboard)."""
    programme = programme or active_programme()
    if programme is None:
        return []
    if year is None:
        year = min(max(today.year, programme.year_from), programme.year_to)
    activities = list(ppo_activities(programme))
    own: dict[int, list] = defaultdict(list)
    for activity_id, date in ExecutionRecord.objects.filter(
        organization=organization, activity__in=activities
    ).values_list("activity_id", "date"):
        own[activity_id].append((organization.pk, date))
    return [
        (
            activity,
            progress.evaluate_activity(
                activity,
                year,
                today=today,
                starts_on=programme.approved_on,
                ends_on=dt.date(programme.year_to, 12, 31),
                records=own.get(activity.pk, []),
                organization_ids=[organization.pk],
            ),
        )
        for activity in activities
    ]


def records_of_organization(organization) -> QuerySet[ExecutionRecord]:
    return (
        ExecutionRecord.objects.filter(organization=organization)
        .select_related("activity__measure__section", "recorded_by")
        .order_by("-date", "-pk")
    )


# --- Target indicators ----------------------------------------------------------------------


@dataclass
class SeriesLine:
    """One metric drawn on an indicator's chart (the indicator's own, or its companion)."""

    key: str
    label: str
    registered: bool
    cumulative: bool  # a flow: a running total from each January, comparable with a yearly target
    values: list[float | None]  # at each point of the trend
    by_year: dict[int, float | None]  # at the end of each year (or at the reference day)

    @property
    def short_label(self) -> str:
        return named(keys.SERIES_SHORT_LABELS.get(self.key, self.label))


@dataclass
class IndicatorSeries:
    indicator: Indicator
    year: int  # the year viewed
    month: Period  # the month the actual value refers to
    points: list[Period]  # the trend: the end of each quarter of the programme, to ``month``
    lines: list[SeriesLine]
    targets: dict[int, float]
    years: list[int]

    @property
    def primary(self) -> SeriesLine:
        return self.lines[0]

    @property
    def registered(self) -> bool:
        return self.primary.registered

    @property
    def label(self) -> str:
        return self.primary.label

    @property
    def cumulative(self) -> bool:
        return self.primary.cumulative

    @property
    def values(self) -> list[float | None]:
        return self.primary.values

    @property
    def target(self) -> float | None:
        return self.targets.get(self.year)

    @property
    def actual(self) -> float | None:
        return self.primary.by_year.get(self.year)

    @property
    def last_value(self) -> float | None:
        return self.actual

    @property
    def has_data(self) -> bool:
        return any(v is not None for line in self.lines for v in line.values)

    @property
    def share_of_target(self) -> int | None:
        if self.actual is None or not self.target:
            return None
        return round(100 * self.actual / self.target)

    @property
    def on_target(self) -> bool | None:
        """Actual against the part of the yearly target due by the reference month (a flow's
        target accrues month by month; a stock's is judged as it stands)."""
        if self.actual is None or self.target is None:
            return None
        due = self.target
        if self.cumulative and self.month.year == self.year:
            due = self.target * self.month.index / 12
        return self.actual >= due

    def table(self) -> list[dict]:
        return [
            {
                "year": y,
                "target": self.targets.get(y),
                "values": [line.by_year.get(y) for line in self.lines],
            }
            for y in self.years
        ]


def _safe_metric(key):
    return registry.get(key) if key in registry else None


def trend_points(programme: Programme, month: Period) -> list[Period]:
    """The end of every quarter of the programme up to ``month``, and ``month`` itself."""
    points = []
    for y in range(programme.year_from, month.year + 1):
        for m in (3, 6, 9, 12):
            point = Period.month(y, m)
            if point < month:
                points.append(point)
    points.append(month)
    return points


def _series_line(metric_key: str, points: list[Period], population) -> SeriesLine:
    metric = _safe_metric(metric_key)
    if metric is None:
        return SeriesLine(metric_key, "", False, False, [None] * len(points), {})
    cumulative = metric.kind == FLOW
    if cumulative:
        # One series of months (one grouped query for a flow that has a series function), summed
        # from each January.
        months = [
            Period.month(y, m)
            for y in range(points[0].year, points[-1].year + 1)
            for m in range(1, 13)
            if Period.month(y, m) <= points[-1]
        ]
        running, at = {}, {}
        for period, total in zip(months, metric.series(months, population), strict=True):
            running[period.year] = running.get(period.year, 0.0) + float(total or 0)
            at[period] = running[period.year]
        values = [at[p] for p in points]
    else:
        values = [None if v is None else float(v) for v in metric.series(points, population)]
    by_year: dict[int, float | None] = {}
    for point, value in zip(points, values, strict=True):
        by_year[point.year] = value  # the last point of each year
    return SeriesLine(metric.key, metric.label, True, cumulative, values, by_year)


def indicator_series(programme: Programme, year: int, *, today: dt.date) -> list[IndicatorSeries]:
    """Each indicator with its trend over the programme's years up to the year viewed, in SQL
    totals (a constant number of queries, none per PPO): the indicator's metric and, where the
    programme's indicator has two sides (the ЧРО's networks and the PPOs' channels; publications
    on the site and posts in social networks), its companion."""
    day = progress.reference_day(year, today)
    month = Period.month(day.year, day.month)
    years = [y for y in range(programme.year_from, programme.year_to + 1) if y <= year]
    population = registry.organizations(Period.for_year(year))
    points = trend_points(programme, month) if year <= today.year else []
    result = []
    for indicator in programme.indicators.prefetch_related("targets").order_by("number"):
        lines_keys = [
            indicator.metric_key,
            *keys.INDICATOR_COMPANIONS.get(indicator.metric_key, ()),
        ]
        lines = [_series_line(key, points, population) for key in lines_keys] if points else []
        if not lines:
            lines = [SeriesLine(indicator.metric_key, "", False, False, [], {})]
        result.append(
            IndicatorSeries(
                indicator=indicator,
                year=year,
                month=month,
                points=points,
                lines=lines,
                targets={t.year: float(t.value) for t in indicator.targets.all()},
                years=years,
            )
        )
    return result


# --- PPO signals ----------------------------------------------------------------------------


@dataclass
class Signal:
    code: str
    label: str
    value: bool | None  # True: the signal is raised; None: no data
    refers_to: str = ""  # the month(s) it is about, in words: «ноябрь 2025»
    reason: str = ""  # the label with its month(s): «нет отчёта за ноябрь 2025»

    @property
    def no_data(self) -> bool:
        return self.value is None


SIGNALS = [
    ("no_officer", _("нет ответственного")),
    ("no_publications", _("нет публикаций 2 мес.")),
    ("report_missing", _("нет отчёта за месяц")),
    ("membership_falling", _("членство падает")),
    ("subscribers_falling", _("подписчики убывают")),
]


@dataclass
class PpoRow:
    """A PPO with its signals' values in the order of ``SIGNALS`` (True: raised, None: no data).
    Rows are made for every PPO of the union (a page sorts and pages them), so what only a shown
    row needs is made when a page asks for it: the labelled ``signals`` (made for all, they were
    a sixth of the dashboard's time) and the ``organization`` instance."""

    pk: int
    short_name: str
    full_name: str
    flags: tuple[bool | None, ...]
    months: SignalMonths
    membership_level: float | None = None
    subscribers: float | None = None
    instance: PrimaryOrganization | None = field(default=None, repr=False, compare=False)

    @cached_property
    def organization(self) -> PrimaryOrganization:
        if self.instance is not None:
            return self.instance
        # As read with .only(): any other field is loaded if asked for.
        return PrimaryOrganization.from_db(
            "default", ["id", "short_name", "full_name"], (self.pk, self.short_name, self.full_name)
        )

    @property
    def raised(self) -> int:
        return sum(1 for value in self.flags if value)

    @cached_property
    def signals(self) -> list[Signal]:
        return [
            Signal(code, label, value, self.months.refers_to(code), self.months.reason(code))
            for (code, label), value in zip(SIGNALS, self.flags, strict=True)
        ]

    @property
    def reasons(self) -> list[Signal]:
        return [s for s in self.signals if s.value]


def _values(key: str, period: Period, ids) -> dict[int, float] | None:
    metric = _safe_metric(key)
    if metric is None:
        return None
    return metric.values(period, ids)


def _month_name(period: Period) -> str:
    return f"{MONTH_NAMES[period.index - 1]} {period.year}"


@dataclass(frozen=True)
class SignalMonths:
    """The months each signal refers to, for the day a year is judged on."""

    month: Period  # officers, stocks: the reference month (today's, or December of a past year)
    report: Period  # the last month that is over: its monthly report is what is missing
    publications: tuple[Period, Period]  # the two months without publications
    earlier: Period  # the month falling stocks are compared with

    def refers_to(self, code: str) -> str:
        """The months a signal is about, in words."""
        if code == "report_missing":
            return _month_name(self.report)
        if code == "no_publications":
            first, last = self.publications
            return f"{_month_name(first)} — {_month_name(last)}"
        if code in ("membership_falling", "subscribers_falling"):
            return f"{_month_name(self.earlier)} → {_month_name(self.month)}"
        return _month_name(self.month)

    def reason(self, code: str) -> str:
        """Why a PPO lags, naming the month: «нет отчёта за декабрь 2025»."""
        months = self.refers_to(code)
        texts = {
            "no_officer": _("нет ответственного (%(months)s)"),
            "no_publications": _("нет публикаций за %(months)s"),
            "report_missing": _("нет отчёта за %(months)s"),
            "membership_falling": _("членство падает (%(months)s)"),
            "subscribers_falling": _("подписчики убывают (%(months)s)"),
        }
        return texts[code] % {"months": months}


def signal_months(year: int, *, today: dt.date) -> SignalMonths:
    day = progress.reference_day(year, today)
    month = Period.month(day.year, day.month)
    # The report of a month is due after it ends: in a past year, December's; in the current one,
    # last month's (this month is not over yet).
    report = month if year < today.year else month.previous()
    earlier = month
    for _step in range(3):
        earlier = earlier.previous()
    return SignalMonths(month, report, (month.previous(), month), earlier)


def ppo_signals(
    year: int, *, today: dt.date, organizations: list[PrimaryOrganization] | None = None
) -> list[PpoRow]:
    """One row per active PPO (or per PPO given) with the signals that matter, as of the
    reference month of the year (the current month, or December of a past year), each labelled
    with the month it refers to. A constant number of queries."""
    months = signal_months(year, today=today)
    if organizations is None:
        return _all_ppo_signals(year, months, today=today)
    names = [(o.pk, o.short_name, o.full_name, o) for o in organizations]
    return _ppo_signals(months, names, [o.pk for o in organizations])


def _all_ppo_signals(year: int, months: SignalMonths, *, today: dt.date) -> list[PpoRow]:
    """Every PPO of the year, kept in the cache as the dashboard's figures are (its list of PPOs
    sorts and pages them on each view): as plain tuples, a megabyte at 8,000 PPOs."""

    def compute():
        names = (
            (pk, short_name, full_name, None)
            for pk, short_name, full_name in organizations_active(Period.for_year(year))
            .order_by("short_name")
            .values_list("pk", "short_name", "full_name")
        )
        rows = _ppo_signals(months, names, registry.organizations(Period.for_year(year)))
        return [
            (r.pk, r.short_name, r.full_name, r.flags, r.membership_level, r.subscribers)
            for r in rows
        ]

    day, seconds = _kept(year, today)
    kept = pagecache.cached(f"ppo-signals:{year}:{day}", (pagecache.METRICS,), compute, seconds)
    return [
        PpoRow(pk, short_name, full_name, flags, months, membership_level, subscribers)
        for pk, short_name, full_name, flags, membership_level, subscribers in kept
    ]


def _ppo_signals(months: SignalMonths, names, ids) -> list[PpoRow]:
    """A row for each of ``names`` ((pk, short name, full name, instance or None)), with the
    values of the metrics behind the signals for the population ``ids``."""
    month, earlier = months.month, months.earlier
    first, last = months.publications

    officer = _values(keys.OFFICER_APPOINTED, month, ids)
    pubs_now = _values(keys.PUBLICATIONS_APPROVED, last, ids)
    pubs_before = _values(keys.PUBLICATIONS_APPROVED, first, ids)
    report = _values(keys.MONTHLY_REPORT_SUBMITTED, months.report, ids)
    members_now = _values(keys.MEMBERSHIP_LEVEL, month, ids)
    members_before = _values(keys.MEMBERSHIP_LEVEL, earlier, ids)
    subs_now = _values(keys.SUBSCRIBERS, month, ids)
    subs_before = _values(keys.SUBSCRIBERS, earlier, ids)

    def flag_zero(values, pk):
        if values is None or pk not in values:
            return None
        return not values[pk]

    def falling(now, before, pk):
        if now is None or before is None or pk not in now or pk not in before:
            return None
        return float(now[pk]) < float(before[pk])

    rows = []
    for pk, short_name, full_name, instance in names:
        if pubs_now is None or pubs_before is None or pk not in pubs_now:
            no_pubs = None
        else:
            no_pubs = not (pubs_now.get(pk, 0) or pubs_before.get(pk, 0))
        flags = (  # in the order of SIGNALS
            flag_zero(officer, pk),
            no_pubs,
            flag_zero(report, pk),
            falling(members_now, members_before, pk),
            falling(subs_now, subs_before, pk),
        )
        rows.append(
            PpoRow(
                pk,
                short_name,
                full_name,
                flags,
                months,
                membership_level=(members_now or {}).get(pk),
                subscribers=(subs_now or {}).get(pk),
                instance=instance,
            )
        )
    return rows


def lagging(rows: list[PpoRow]) -> list[PpoRow]:
    """The PPOs with at least one raised signal, most signals first."""
    return sorted((r for r in rows if r.raised), key=lambda r: (-r.raised, r.short_name))


SORT_KEYS = {
    "name": lambda row: row.short_name.lower(),
    "signals": lambda row: -row.raised,
    "membership": lambda row: (row.membership_level is None, row.membership_level or 0),
    "subscribers": lambda row: (row.subscribers is None, -(row.subscribers or 0)),
    **{
        code: (lambda row, i=i: (row.flags[i] is not True, row.flags[i] is None))
        for i, (code, _label) in enumerate(SIGNALS)
    },
}


def sort_rows(rows: list[PpoRow], sort: str) -> tuple[list[PpoRow], str]:
    if sort not in SORT_KEYS:
        sort = "signals"
    return sorted(rows, key=lambda r: (SORT_KEYS[sort](r), r.short_name)), sort


# --- The dashboard's figures ----------------------------------------------------------------

LAGGING_ON_DASHBOARD = 8  # the PPOs with most signals shown on the dashboard; the rest a click away
PAST_YEAR_CACHE_SECONDS = 7 * 24 * 3600
# After this day of the next year no deadline of a year is pending any more: its verdicts no
# longer depend on the day they are looked at (grace periods of monthly lines end in January).
SETTLED_AFTER = (3, 1)


def _dashboard_figures(programme: Programme, year: int, *, today: dt.date) -> dict:
    with memoised():
        tree = programme_tree_kept(programme, year, today=today)
        indicators = [
            {
                "series": series,
                "chart": charts.svg_data_uri(charts.indicator_chart_svg(series))
                if series.has_data
                else None,
            }
            for series in indicator_series(programme, year, today=today)
        ]
        rows = ppo_signals(year, today=today)
    behind = lagging(rows)
    return {
        "tree": tree,
        "indicators": indicators,
        # Only what a person reads: the first lagging PPOs; the list of all is paginated.
        "lagging": behind[:LAGGING_ON_DASHBOARD],
        "lagging_count": len(behind),
        "organizations_count": len(rows),
    }


def programme_tree_kept(programme: Programme, year: int, *, today: dt.date) -> progress.Node:
    """The programme's tree over every PPO of the year, kept in the cache as the dashboard's
    figures are (the dashboard and each measure's drill-down show it)."""
    day, seconds = _kept(year, today)
    return pagecache.cached(
        f"programme-tree:{programme.pk}:{year}:{day}",
        (pagecache.METRICS,),
        lambda: programme_tree(programme, year, today=today),
        seconds=seconds,
    )


def _kept(year: int, today: dt.date) -> tuple[str, int]:
    """How figures over every PPO of a year are kept: the day they are judged on (none for a
    settled year) and for how long (0: not kept)."""
    seconds = getattr(settings, "PORTAL_DASHBOARD_CACHE_SECONDS", 0)
    if seconds <= 0:
        return today.isoformat(), 0
    if today >= dt.date(year + 1, *SETTLED_AFTER):
        return "settled", PAST_YEAR_CACHE_SECONDS
    return today.isoformat(), seconds


def dashboard_figures(
    programme: Programme,
    year: int,
    *,
    today: dt.date,
    refresh: Callable[[], bool] | None = None,
    fresh: bool = False,
) -> dict:
    """The dashboard's tree, indicators and lagging PPOs: all computed from metrics over every
    PPO, so kept in the cache until a row of any app with metrics changes (the ``metrics`` page
    group), at most ``PORTAL_DASHBOARD_CACHE_SECONDS`` for a year still running and a week for
    a settled past year (whose figures depend on no day any more). Per programme, year and the
    day they are judged on.

    After a change, until a job has computed the new figures (``refresh()`` has one do it), the
    last ones are shown for up to ``PORTAL_DASHBOARD_PREVIOUS_SECONDS``, with their time
    (``figures_at``) and ``figures_current`` False: at 8,000 PPOs computing takes a second or
    two, which the Presidium would otherwise wait after every change anywhere in the union.
    ``fresh``: compute rather than show the last figures (the job)."""
    day, seconds = _kept(year, today)
    computed = pagecache.cached_or_previous(
        f"dashboard:{programme.pk}:{year}:{day}",
        (pagecache.METRICS,),
        lambda: _dashboard_figures(programme, year, today=today),
        seconds=seconds,
        previous_seconds=getattr(settings, "PORTAL_DASHBOARD_PREVIOUS_SECONDS", 0),
        refresh=refresh,
        fresh=fresh,
    )
    return {**computed.value, "figures_at": computed.at, "figures_current": computed.current}


def dashboard_warm(*, today: dt.date, year: int | None = None) -> int | None:
    """Compute the dashboard's figures (unless they are in the cache for the data as they are)
    for ``year`` or the year the dashboard opens with; the year, or None when no programme is in
    force for it."""
    years = programme_years()
    if year is None:
        if not years:
            return None
        year = default_year(years, today=today)
    programme = programme_for_year(year) if year in years else None
    if programme is None:
        return None
    dashboard_figures(programme, year, today=today, fresh=True)
    return year


# --- Trainings ------------------------------------------------------------------------------

ATTENDEES_NAMED = 12  # the PPOs named under a training; the rest are counted


def trainings_of_year(year: int) -> QuerySet[Training]:
    """The year's trainings, each with its number of attendees and the first of them by name
    (a training of the whole union may have thousands)."""
    return (
        Training.objects.filter(date__year=year)
        .annotate(attendees_count=Count("attendance", filter=Q(attendance__attended=True)))
        .prefetch_related(
            Prefetch(
                "attendance",
                queryset=Attendance.objects.filter(attended=True)
                .select_related("user", "organization")
                .order_by("organization__short_name", "user__full_name", "pk")[:ATTENDEES_NAMED],
                to_attr="attendees",
            )
        )
        .order_by("date")
    )


# --- Drill-down of a line, and one PPO ------------------------------------------------------


@dataclass
class LineCount:
    """Which PPOs a line counted and which it did not, and by what."""

    activity: Activity
    year: int
    source: str  # "metric", "records" or "chro" (a line of the ЧРО itself: no PPOs to count)
    period: Period | None
    counted: list[int]
    not_counted: list[int]
    values: dict[int, float]
    threshold: float | None = None
    label: str = ""


def line_count(activity: Activity, year: int, *, today: dt.date) -> LineCount:
    """The PPOs behind a line's figure for the year: by its metric (a PPO counts when its value
    meets the line's threshold, or is above zero), else by execution records in the year."""
    programme = activity.measure.section.programme
    starts_on, ends_on = programme.approved_on, dt.date(programme.year_to, 12, 31)
    year = progress.effective_year(activity, year, starts_on=starts_on, ends_on=ends_on)
    population = registry.organizations(Period.for_year(year))
    ids = list(population)
    metric = _safe_metric(activity.metric_key) if activity.metric_key else None
    if metric is not None:
        flow_period = "quarter" if activity.target_rule == "share_of_ppos" else "year"
        period = progress.stock_or_flow_period(metric, year, today, flow_period=flow_period)
        values = metric.values(period, ids)
        if values or activity.responsible == Section.Responsible.EACH_PPO:
            threshold = 1.0
            if activity.target_rule == "share_of_ppos" and activity.target_value is not None:
                threshold = float(activity.target_value)
            counted, not_counted = metric.counted(period, ids, threshold=threshold)
            return LineCount(
                activity,
                year,
                "metric",
                period,
                counted,
                not_counted,
                values,
                threshold,
                metric.label,
            )
    if activity.responsible != Section.Responsible.EACH_PPO:
        return LineCount(activity, year, "chro", None, [], [], {})
    done = set(
        ExecutionRecord.objects.filter(
            activity=activity,
            organization_id__in=population,
            date__year=year,
            date__lte=today,
        ).values_list("organization_id", flat=True)
    )
    counted = [pk for pk in ids if pk in done]
    return LineCount(
        activity,
        year,
        "records",
        Period.for_year(year),
        counted,
        [pk for pk in ids if pk not in done],
        {},
    )


def organizations_of_year_named(year: int, query: str) -> list[PrimaryOrganization]:
    """The PPOs of a year whose names contain every word of the query."""
    return list(
        organizations_named(organizations_active(Period.for_year(year)), query).order_by(
            "short_name", "pk"
        )
    )


def organizations_by_ids(ids: list[int], query: str = "") -> QuerySet[PrimaryOrganization]:
    return organizations_named(PrimaryOrganization.objects.filter(pk__in=ids), query).order_by(
        "short_name", "pk"
    )


PPO_PAGE_METRICS = [
    keys.PUBLICATIONS_APPROVED,
    keys.SOCIAL_POSTS,
    keys.SUBSCRIBERS,
    keys.MEMBERSHIP_LEVEL,
    keys.MONTHLY_REPORT_SUBMITTED,
    keys.OFFICER_APPOINTED,
]


def organization_months(organization, year: int, *, today: dt.date) -> dict:
    """One PPO's figures month by month through the year viewed (a fixed number of queries:
    one per metric and month, each for this PPO alone)."""
    day = progress.reference_day(year, today)
    months = [Period.month(year, m) for m in range(1, day.month + 1)] if year <= today.year else []
    metrics = [registry.get(k) for k in PPO_PAGE_METRICS if k in registry]
    rows = []
    for metric in metrics:
        cells = [metric.values(month, [organization.pk]).get(organization.pk) for month in months]
        rows.append({"metric": metric, "cells": cells})
    return {"months": months, "rows": rows}


def organization_lines(organization, year: int, *, today: dt.date):
    """The PPO lines of the programme of the year, each judged for this PPO alone."""
    programme = programme_for_year(year)
    if programme is None:
        return []
    return ppo_lines_for(organization, today=today, programme=programme, year=year)
