"""What every indicator is made of: a period, the place it counts, a table, and suppression.

Suppression (DOMAIN.md, "Management insight"; issue 18): a row that stands on fewer than 5
people shows "fewer than 5" in place of every number, in the chart, the table and the CSV
alike, so that nothing on the dashboard can point at a person. A suppressed value is None.
Percentiles are taken by the nearest-rank method from a distribution the database counted
(value, how many), so no indicator loads the rows themselves.
"""

import calendar
import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from portal.clock import OSLO

MIN_PEOPLE = 5
# The periods a leader can choose, in months back from today.
PERIODS = {"3": 3, "6": 6, "12": 12, "24": 24}
DEFAULT_PERIOD = "12"


@dataclass(frozen=True)
class Period:
    """The days from `start` up to, not including, `end`."""

    start: date
    end: date

    @classmethod
    def months_back(cls, months: int, today: date) -> "Period":
        """Return the last months up to and including today."""
        end = today + timedelta(days=1)
        return cls(months_before(end, months), end)

    @property
    def start_at(self) -> datetime:
        """Return the period's first moment, in UTC."""
        return datetime.combine(self.start, time(), OSLO).astimezone(UTC)

    @property
    def end_at(self) -> datetime:
        """Return the moment after the period, in UTC."""
        return datetime.combine(self.end, time(), OSLO).astimezone(UTC)

    @property
    def last_day_at(self) -> datetime:
        """Return the first moment of the period's last day, in UTC."""
        return datetime.combine(self.end - timedelta(days=1), time(), OSLO).astimezone(UTC)

    @property
    def days(self) -> int:
        """Return the number of days in the period."""
        return (self.end - self.start).days


@dataclass(frozen=True)
class Place:
    """Where an indicator counts: the units of one municipality (or of every one in the
    portal) and the municipalities whose inhabitants count."""

    unit_ids: tuple[int, ...]
    municipality_ids: tuple[int, ...]


@dataclass(frozen=True)
class Column:
    """A column of an indicator's table: its heading and how its values are written."""

    label: object
    kind: str = "count"  # text, count, percent, days, hours, number


@dataclass
class Table:
    """An indicator's numbers: one row per group; the first column names the group."""

    columns: tuple[Column, ...]
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Indicator:
    """One indicator as shown: what it is, its table, what its chart draws, the comparison."""

    code: str
    title: object
    definition: object
    table: Table
    chart: str  # "columns" (over time) or "bars" (per group)
    value_column: int  # the column the chart draws
    own: float | None = None  # the headline for the municipality
    portal: float | None = None  # the same for every municipality in the portal
    headline_kind: str = "percent"
    headline_label: object = None
    target: float | None = None
    notes: list = field(default_factory=list)

    @property
    def points(self) -> list[tuple[str, float | None]]:
        """Return (label, value) for the chart, suppressed values as None."""
        return [(str(row[0]), row[self.value_column]) for row in self.table.rows]


@dataclass(frozen=True)
class Joined:
    """A label of several parts (a unit and who booked), put together when it is shown, in
    the reader's language."""

    parts: tuple

    def __str__(self) -> str:
        return ": ".join(str(part) for part in self.parts)


def months_before(day: date, months: int) -> date:
    """Return the same day some months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def row(label, least: int | None, *values) -> tuple:
    """Return a table row: the label and its values, or None in place of every value where
    the row stands on fewer than 5 people (`least`: the smallest count of people in it)."""
    if least is None or least < MIN_PEOPLE:
        return (label, *(None for _ in values))
    return (label, *values)


def share(part, whole) -> float | None:
    """Return part of whole in percent, or None of nothing."""
    return 100.0 * float(part) / float(whole) if whole else None


def percentile(distribution, q: float) -> float | None:
    """Return the q-th percentile (0-100, nearest rank) of a counted distribution.

    `distribution` is (value, how many) pairs, in any order.
    """
    pairs = sorted((v, n) for v, n in distribution if v is not None and n)
    total = sum(n for _, n in pairs)
    if not total:
        return None
    rank = max(1, math.ceil(q / 100 * total))
    seen = 0
    for value, n in pairs:
        seen += n
        if seen >= rank:
            return value
    return pairs[-1][0]


def per_thousand(count, inhabitants) -> float | None:
    """Return a count per 1,000 inhabitants, or None without inhabitants."""
    return 1000.0 * float(count) / float(inhabitants) if inhabitants else None

