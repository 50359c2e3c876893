"""Growth curves: height and weight against age, laid out for an SVG chart with a table."""

from dataclasses import dataclass
from datetime import date

from portal.clock import OSLO

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP, PAD_RIGHT = 640, 300, 56, 40, 16, 16


@dataclass(frozen=True)
class Point:
    """One measurement: age in years, the value, and where it lands on the chart."""

    on: date
    age_years: float
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class Chart:
    """A chart of one measurement against age, with its axes' ticks."""

    code: str
    unit: str
    points: list[Point]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_LEFT
    bottom: int = HEIGHT - PAD_BOTTOM
    top: int = PAD_TOP
    right: int = WIDTH - PAD_RIGHT

    @property
    def path(self) -> str:
        """Return the SVG path joining the points."""
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points))


def _nice_step(span: float, target: int = 5) -> float:
    """Return a round step that divides a span into about `target` parts."""
    raw = span / target
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        if step >= raw:
            return step
    return raw


def chart(birth_date: date, observations, code: str, unit: str) -> Chart | None:
    """Lay out one kind of measurement against age; None when there is nothing to draw."""
    rows = sorted((o.effective_at.astimezone(OSLO).date(), o.value_quantity)
                  for o in observations if o.code == code and o.value_quantity is not None)
    if not rows:
        return None
    ages = [((d - birth_date).days / 365.25, v) for d, v in rows]
    max_age = max(1.0, max(a for a, _ in ages))
    values = [v for _, v in ages]
    low, high = 0.0, max(values) * 1.1
    y_step = _nice_step(high - low)
    high = y_step * (int(high / y_step) + 1)
    x_step = _nice_step(max_age, 6) if max_age > 2 else 0.5

    def x(age):
        return PAD_LEFT + (WIDTH - PAD_LEFT - PAD_RIGHT) * age / max_age

    def y(value):
        return HEIGHT - PAD_BOTTOM - (HEIGHT - PAD_BOTTOM - PAD_TOP) * (value - low) / (high - low)

    points = [Point(d, round(a, 1), v, x(a), y(v)) for (d, v), (a, _) in zip(rows, ages, strict=True)]
    x_ticks, tick = [], 0.0
    while tick <= max_age + 1e-9:
        x_ticks.append((x(tick), f"{tick:g}"))
        tick += x_step
    y_ticks, tick = [], low
    while tick <= high + 1e-9:
        y_ticks.append((y(tick), f"{tick:g}"))
        tick += y_step
    return Chart(code, unit, points, x_ticks, y_ticks)
