"""Growth curves: height and weight against age, laid out for an SVG chart with a table."""

from dataclasses import dataclass
from datetime import date

from portal import charts
from portal.clock import OSLO


@dataclass(frozen=True)
class Measurement:
    """One measurement: when, the age in years, and the value."""

    on: date
    age_years: float
    value: float


@dataclass(frozen=True)
class GrowthChart:
    """A laid-out chart of one measurement against age."""

    code: str
    unit: str
    chart: charts.Chart

    @property
    def measurements(self) -> list[Measurement]:
        """Return the measurements in the order drawn (oldest first)."""
        return [p.item for p in self.chart.points]


def chart(birth_date: date, observations, code: str, unit: str) -> GrowthChart | None:
    """Lay out one kind of measurement against age; None when there is nothing to draw."""
    rows = sorted((o.effective_at.astimezone(OSLO).date(), o.value_quantity)
                  for o in observations if o.code == code and o.value_quantity is not None)
    if not rows:
        return None
    measured = [Measurement(d, round((d - birth_date).days / 365.25, 1), v) for d, v in rows]
    oldest = max(1.0, max(m.age_years for m in measured))
    series = [((m.on - birth_date).days / 365.25, m.value, m) for m in measured]
    return GrowthChart(code, unit, charts.line_chart(
        series, x_ticks=charts.ticks(0, oldest, 6), x_label=lambda t: f"{t:g}", y_floor=0))
