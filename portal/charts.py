"""Line charts laid out on the server as plain numbers, for SVG templates (no JavaScript).

Every chart is drawn with a table of the same numbers beside it, for screen readers. The
y axis runs from a round tick at or below the lowest value to one at or above the highest,
reference band included, so that no point is ever drawn outside the plot (issue 16, item 1).
The drawing is 400 units wide: at a 360 px phone the 13-unit labels are about 11 px high,
and the page never shows it wider than 30rem (about 20 px labels at most).
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

WIDTH, HEIGHT = 400, 240
LEFT, RIGHT, TOP, BOTTOM = 44, WIDTH - 14, 12, HEIGHT - 38
MAX_X_LABELS = 4  # labels such as "okt. 2026" need about 70 units each
LABEL_ROOM = 30  # right of the plot, for curve labels such as "P97"
LABEL_GAP = 12  # between curve labels, so that 13-unit text does not overlap


@dataclass(frozen=True)
class Point:
    """A data point and where it lands on the chart."""

    x: float
    y: float
    item: object


@dataclass(frozen=True)
class Curve:
    """A reference line laid out: its label, its path and where the label is written."""

    label: str
    css: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Chart:
    """A laid-out chart: points, axis ticks and an optional band (e.g. a reference range)."""

    points: list[Point]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    band: tuple[float, float] | None = None  # (top, bottom) in chart coordinates
    curves: tuple[Curve, ...] = ()
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def path(self) -> str:
        """Return the SVG path joining the points."""
        return _path((p.x, p.y) for p in self.points)


def _path(points) -> str:
    """Return an SVG path joining (x, y) points."""
    return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))


def _spread(ys: list[float], low: float, high: float) -> list[float]:
    """Move label heights apart by at least LABEL_GAP, within low..high, keeping their order."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [ys[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + LABEL_GAP)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [y - overflow for y in placed]
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - LABEL_GAP)
    placed = [max(y, low) for y in placed]
    result = [0.0] * len(ys)
    for i, y in zip(order, placed, strict=True):
        result[i] = y
    return result


def nice_step(span: float, parts: int = 5) -> float:
    """Return a round step (1, 2 or 5 times a power of ten) dividing a span into about `parts`."""
    raw = max(span, 1e-9) / parts
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1.0
    while magnitude > raw:
        magnitude /= 10
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def ticks(low: float, high: float, parts: int = 5) -> list[float]:
    """Return round tick values from one at or below `low` to one at or above `high`."""
    step = nice_step(high - low, parts)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, max(last, first + 1) + 1)]


def line_chart(series: list[tuple[float, float, object]], *, x_ticks: list[float],
               x_label: Callable[[float], str], y_floor: float | None = None,
               band: tuple[float | None, float | None] | None = None,
               curves: list[tuple[str, str, list[tuple[float, float]]]] = ()) -> Chart:
    """Lay out (x, y, item) points with given x ticks, round y ticks and an optional band.

    Curves are (label, css class, [(x, y), ...]) reference lines, such as percentiles; the
    y axis takes them in, and each is labelled in words at its right end.
    """
    curves = [c for c in curves if c[2]]
    xs = [x for x, _, _ in series] + x_ticks
    ys = ([y for _, y, _ in series] + [v for v in (band or ()) if v is not None]
          + [y for _, _, line in curves for _, y in line])
    x_low, x_high = min(xs), max(xs)
    if x_high == x_low:
        x_high = x_low + 1
    y_ticks = ticks(min(ys) if y_floor is None else min(y_floor, *ys), max(ys) if ys else 1)
    y_low, y_high = y_ticks[0], y_ticks[-1]
    if y_high == y_low:
        y_high = y_low + 1

    right = RIGHT - LABEL_ROOM if curves else RIGHT

    def px(x):
        return LEFT + (right - LEFT) * (x - x_low) / (x_high - x_low)

    def py(y):
        return BOTTOM - (BOTTOM - TOP) * (y - y_low) / (y_high - y_low)

    band_box = None
    if band and any(v is not None for v in band):
        low, high = band
        band_box = (py(high if high is not None else y_high), py(low if low is not None else y_low))
    label_ys = _spread([py(line[-1][1]) for _, _, line in curves], TOP + 4, BOTTOM)
    return Chart(
        points=[Point(px(x), py(y), item) for x, y, item in series],
        x_ticks=[(px(t), x_label(t)) for t in x_ticks],
        y_ticks=[(py(t), f"{t:g}") for t in y_ticks],
        band=band_box,
        curves=tuple(Curve(label, css, _path((px(x), py(y)) for x, y in line),
                           px(line[-1][0]) + 4, label_y)
                     for (label, css, line), label_y in zip(curves, label_ys, strict=True)),
        right=right,
    )


@dataclass(frozen=True)
class Sparkline:
    """A small trend line without axes, for a row of a table: its path and its last point."""

    path: str
    last: tuple[float, float]
    width: int
    height: int


def sparkline(values: list[float], *, width: int = 96, height: int = 24, pad: float = 3) -> Sparkline:
    """Lay out values, oldest first, as a line filling the box; a single value is a dot."""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    points = [(pad + i * step if len(values) > 1 else width / 2,
               height - pad - (height - 2 * pad) * (v - low) / span if high > low else height / 2)
              for i, v in enumerate(values)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))
    return Sparkline(path, points[-1], width, height)
