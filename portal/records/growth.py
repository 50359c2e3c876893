"""Growth curves: height, weight, head circumference and BMI against age, with WHO percentiles.

Each chart draws the child's measurements over the WHO percentile curves for the child's
sex (3, 15, 50, 85 and 97), only for the ages the chart covers and the tables reach, and a
table gives each measurement's percentile. BMI is the one measured, else weight over height
squared from the same day. The Norwegian health-station guideline uses the Norwegian growth
references (Júlíusson et al. 2013) from 2 years; no published source of those tables is
available here, so the page says so and WHO is used at every age.
"""

import math
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal import charts
from portal.clock import OSLO
from portal.records.references import (
    PACKAGE,
    PERCENTILES,
    Indicator,
    Reference,
    curve,
    lms,
    package_version,
    percentile_of,
)
from portal.results.catalogue import BMI, HEAD_CIRCUMFERENCE, HEIGHT, WEIGHT

DAYS_PER_YEAR = 365.25
NORWEGIAN_FROM_DAYS = 730  # the Norwegian references take over from WHO at 2 years


@dataclass(frozen=True)
class Kind:
    """A measurement that has a growth chart: its indicator, LOINC code, unit and title."""

    indicator: Indicator
    code: str
    unit: str
    title: str
    decimals: int = 1


KINDS = (
    Kind(Indicator.HEIGHT, HEIGHT[0], HEIGHT[2], _l("Height (cm) by age")),
    Kind(Indicator.WEIGHT, WEIGHT[0], WEIGHT[2], _l("Weight (kg) by age")),
    Kind(Indicator.HEAD, HEAD_CIRCUMFERENCE[0], HEAD_CIRCUMFERENCE[2],
         _l("Head circumference (cm) by age")),
    Kind(Indicator.BMI, BMI[0], BMI[2], _l("BMI (kg/m²) by age")),
)

REFERENCE_NAMES = {
    Reference.WHO_2006: _l("WHO Child Growth Standards 2006 (0–5 years)"),
    Reference.WHO_2007: _l("WHO Growth Reference 2007 (5–19 years)"),
}


@dataclass(frozen=True)
class Measurement:
    """One measurement: when, the age, the value and its WHO percentile (None if none)."""

    on: date
    age_years: float
    value: float
    percentile: float | None = None
    derived: bool = False  # a BMI worked out from the day's height and weight

    @property
    def shown_percentile(self) -> int | None:
        """Return the percentile rounded for the table, kept within 1-99."""
        return None if self.percentile is None else min(99, max(1, round(self.percentile)))

    @property
    def below_1(self) -> bool:
        """Tell whether the measurement is below the 1st percentile."""
        return self.percentile is not None and self.percentile < 0.5

    @property
    def above_99(self) -> bool:
        """Tell whether the measurement is above the 99th percentile."""
        return self.percentile is not None and self.percentile >= 99.5


@dataclass(frozen=True)
class GrowthChart:
    """A laid-out chart of one measurement against age, with the references it draws."""

    kind: Kind
    chart: charts.Chart
    references: tuple[Reference, ...] = ()
    measured_from_two_years: bool = False  # where Norway would use its own references

    @property
    def code(self) -> str:
        """Return the measurement's LOINC code (names the chart on the page)."""
        return self.kind.code

    @property
    def unit(self) -> str:
        """Return the measurement's unit."""
        return self.kind.unit

    @property
    def measurements(self) -> list[Measurement]:
        """Return the measurements in the order drawn (oldest first)."""
        return [p.item for p in self.chart.points]

    @property
    def calculated(self) -> bool:
        """Tell whether any value was worked out rather than measured (BMI)."""
        return any(m.derived for m in self.measurements)

    @property
    def sources(self) -> list[str]:
        """Return the names of the publications the curves come from, youngest ages first."""
        return [REFERENCE_NAMES[r] for r in self.references]


@dataclass(frozen=True)
class GrowthSection:
    """The growth charts of one child, and what the page says about their references."""

    charts: list[GrowthChart]
    package: str  # the package and version the reference tables come from

    @property
    def measured_from_two_years(self) -> bool:
        """Tell whether any measurement is from 2 years, where Norway has its own references."""
        return any(c.measured_from_two_years for c in self.charts)


def _by_day(observations, code: str) -> dict[date, float]:
    """Return the value of a code on each day it was measured (the last, if several)."""
    return {o.effective_at.astimezone(OSLO).date(): o.value_quantity
            for o in sorted(observations, key=lambda o: o.effective_at)
            if o.code == code and o.value_quantity is not None}


def readings(observations, kind: Kind) -> list[tuple[date, float, bool]]:
    """Return (day, value, derived) for a kind, oldest first; BMI from height and weight too."""
    measured = {day: (value, False) for day, value in _by_day(observations, kind.code).items()}
    if kind.indicator is Indicator.BMI:
        heights, weights = _by_day(observations, HEIGHT[0]), _by_day(observations, WEIGHT[0])
        for day in heights.keys() & weights.keys():
            if day not in measured and heights[day] > 0:
                measured[day] = (round(weights[day] / (heights[day] / 100) ** 2, 1), True)
    return sorted((day, value, derived) for day, (value, derived) in measured.items())


def _year_ticks(oldest_years: float) -> list[float]:
    """Return whole-year ticks from 0 past the oldest age, at most about eight of them."""
    end = max(2, math.ceil(oldest_years))
    step = next(s for s in (1, 2, 5, 10) if end / s <= 8)
    return [float(t) for t in range(0, end + step, step)]


def chart(birth_date: date, sex: str | None, kind: Kind,
          rows: list[tuple[date, float, bool]]) -> GrowthChart | None:
    """Lay out one kind of measurement against age over its percentile curves; None if empty."""
    if not rows:
        return None
    measured, oldest_days = [], 0
    for day, value, derived in rows:
        age_days = (day - birth_date).days
        oldest_days = max(oldest_days, age_days)
        params = lms(kind.indicator, sex, age_days)
        measured.append(Measurement(
            day, round(age_days / DAYS_PER_YEAR, 1), value,
            percentile_of(params.z_score(value)) if params and value > 0 else None, derived))
    x_ticks = _year_ticks(oldest_days / DAYS_PER_YEAR)
    last_day = round(x_ticks[-1] * DAYS_PER_YEAR)
    curves = [(f"P{p}", f"chart-curve-p{p}",
               [(d / DAYS_PER_YEAR, v) for d, v in curve(kind.indicator, sex, p, 0, last_day)])
              for p in PERCENTILES]
    drawn_days = [d for d, _ in curve(kind.indicator, sex, 50, 0, last_day)]
    references = tuple(dict.fromkeys(lms(kind.indicator, sex, d).reference for d in drawn_days))
    series = [((m.on - birth_date).days / DAYS_PER_YEAR, m.value, m) for m in measured]
    laid_out = charts.line_chart(series, x_ticks=x_ticks, x_label=lambda t: f"{t:g}",
                                 curves=curves)
    return GrowthChart(kind, laid_out, references, oldest_days >= NORWEGIAN_FROM_DAYS)


def section(birth_date: date, sex: str | None, observations) -> GrowthSection | None:
    """Return a chart for each kind of measurement the child has (KINDS' order); None if none."""
    laid_out = (chart(birth_date, sex, kind, readings(observations, kind)) for kind in KINDS)
    found = [c for c in laid_out if c is not None]
    return GrowthSection(found, f"{PACKAGE} {package_version()}") if found else None
