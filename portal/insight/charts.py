"""The dashboard's charts laid out on the server, as numbers for an SVG template.

Columns draw a value over time (weeks, months), bars a value per group. A suppressed value
(fewer than 5 people) is not drawn: the table beside says "fewer than 5" for it.
"""

from dataclasses import dataclass

from portal.charts import ticks

# Text is 20 units high: about 12 px on a 360 px phone (the chart is some 240 px wide in
# its card there), 19 px at the widest (24rem).
WIDTH, HEIGHT = 400, 240
LEFT, RIGHT, TOP, BOTTOM = 52, WIDTH - 8, 14, HEIGHT - 36
BAR_HEIGHT, BAR_GAP, LABEL_HEIGHT = 20, 12, 26
VALUE_ROOM = 130  # right of the longest bar, for its value ("fewer than 5" included)
BAR_LEFT = 8


@dataclass(frozen=True)
class Mark:
    """One column or bar: where it is drawn, its label and its value (None: suppressed)."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: float | None


@dataclass(frozen=True)
class Layout:
    """A chart laid out: its marks, axis ticks, and size."""

    kind: str
    marks: list[Mark]
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str]]
    width: int
    height: int


def columns(points: list[tuple[str, float | None]]) -> Layout:
    """Lay out values over time as columns from a zero baseline, labelling a few of them."""
    values = [v for _, v in points if v is not None]
    scale = ticks(0, max(values) if values else 1)
    top = scale[-1] or 1
    step = (RIGHT - LEFT) / max(len(points), 1)
    marks = []
    for index, (label, value) in enumerate(points):
        height = 0 if value is None else (BOTTOM - TOP) * value / top
        marks.append(Mark(LEFT + index * step + step * 0.1, BOTTOM - height, step * 0.8, height,
                          label, value))
    shown = sorted({0, len(points) - 1}) if points else []  # room for two dates at 20 units
    return Layout("columns", marks,
                  [(BOTTOM - (BOTTOM - TOP) * t / top, f"{t:g}") for t in scale],
                  [(LEFT + i * step + step / 2, points[i][0]) for i in shown], WIDTH, HEIGHT)


def bars(points: list[tuple[str, float | None]]) -> Layout:
    """Lay out a value per group as horizontal bars, each with its label above it."""
    values = [v for _, v in points if v is not None]
    scale = ticks(0, max(values) if values else 1)
    top = scale[-1] or 1
    marks, y = [], TOP
    for label, value in points:
        width = 0 if value is None else (WIDTH - BAR_LEFT - VALUE_ROOM) * value / top
        marks.append(Mark(BAR_LEFT, y + LABEL_HEIGHT, width, BAR_HEIGHT, label, value))
        y += LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP
    return Layout("bars", marks, [], [], WIDTH, max(int(y), 40))
