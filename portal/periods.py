"""Reporting periods (month, quarter, year) with Moscow-time boundaries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

MOSCOW = ZoneInfo("Europe/Moscow")

# Abbreviations as in Russian dictionaries of abbreviations (ГОСТ Р 7.0.12): for table headers.
MONTH_ABBREVIATIONS = [
    "янв.",
    "февр.",
    "март",
    "апр.",
    "май",
    "июнь",
    "июль",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
]
MONTH_NAMES = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period: ``kind`` is month, quarter or year; ``index`` is the month (1-12)
    or the quarter (1-4); a year has index 1."""

    kind: str
    year: int
    index: int = 1

    def __post_init__(self):
        limits = {"month": 12, "quarter": 4, "year": 1}
        if (
            self.kind not in limits
            or not 1 <= self.index <= limits[self.kind]
            or not 1900 <= self.year <= 2100
        ):
            raise ValueError(f"Bad period: {self.kind} {self.year} {self.index}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls("month", year, month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls("quarter", year, quarter)

    @classmethod
    def for_year(cls, year: int) -> Period:
        return cls("year", year, 1)

    @classmethod
    def parse_month(cls, value: str) -> Period:
        """``YYYY-MM`` as typed on a command line or in a query string."""
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", value.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValueError(f"Месяц указывается как ГГГГ-ММ, получено: {value!r}")
        return cls.month(int(match[1]), int(match[2]))

    @classmethod
    def current_month(cls, now: dt.datetime | None = None) -> Period:
        today = timezone.localtime(now or timezone.now(), MOSCOW).date()
        return cls.month(today.year, today.month)

    @property
    def first_day(self) -> dt.date:
        if self.kind == "month":
            return dt.date(self.year, self.index, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * (self.index - 1) + 1, 1)
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    @property
    def start(self) -> dt.datetime:
        """The first instant of the period, Moscow time."""
        return dt.datetime.combine(self.first_day, dt.time.min, tzinfo=MOSCOW)

    @property
    def end(self) -> dt.datetime:
        """The first instant after the period (exclusive bound), Moscow time."""
        return self.next().start

    def next(self) -> Period:
        if self.kind == "year":
            return Period.for_year(self.year + 1)
        last = 12 if self.kind == "month" else 4
        if self.index == last:
            return Period(self.kind, self.year + 1, 1)
        return Period(self.kind, self.year, self.index + 1)

    def previous(self) -> Period:
        if self.kind == "year":
            return Period.for_year(self.year - 1)
        last = 12 if self.kind == "month" else 4
        if self.index == 1:
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.index - 1)

    def months(self) -> list[Period]:
        """The months inside this period, in order."""
        month = Period.month(self.first_day.year, self.first_day.month)
        result = []
        while month.first_day <= self.last_day:
            result.append(month)
            month = month.next()
        return result

    def __str__(self) -> str:
        if self.kind == "month":
            return f"{MONTH_NAMES[self.index - 1]} {self.year}"
        if self.kind == "quarter":
            return f"{self.index} квартал {self.year}"
        return f"{self.year} год"

    @property
    def short_label(self) -> str:
        """A month as a column header: «янв. 2026»; other periods as in str()."""
        if self.kind == "month":
            return f"{MONTH_ABBREVIATIONS[self.index - 1]} {self.year}"
        return str(self)

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        return str(self.year)
