"""The range bar: where a value lies against the reference range and critical limits."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A stretch of the bar, in percent of its width, and what it means."""

    start: float
    end: float
    kind: str  # "critical", "outside" or "normal"

    @property
    def width(self) -> float:
        """Return the segment's width in percent."""
        return self.end - self.start


@dataclass(frozen=True)
class RangeBar:
    """A bar from a low to a high scale value, its segments, and the value's place on it."""

    segments: list[Segment]
    marker: float
    low_label: float | None
    high_label: float | None
    low_at: float | None
    high_at: float | None


def layout(value, low=None, high=None, critical_low=None, critical_high=None) -> RangeBar | None:
    """Lay out the bar for a number; None when there is no number or no range to place it in."""
    if value is None or (low is None and high is None):
        return None
    anchors = [v for v in (value, low, high, critical_low, critical_high) if v is not None]
    span = (max(anchors) - min(anchors)) or abs(value) or 1.0
    scale_low = max(0.0, min(anchors) - span * 0.15) if min(anchors) >= 0 else min(anchors) - span * 0.15
    scale_high = max(anchors) + span * 0.15

    def at(v):
        return round(100 * (v - scale_low) / (scale_high - scale_low), 2)

    segments = []
    edges = sorted({scale_low, scale_high, *(v for v in (critical_low, low, high, critical_high) if v is not None)})
    for left, right in zip(edges, edges[1:], strict=False):
        middle = (left + right) / 2
        segments.append(Segment(at(left), at(right), _kind(middle, low, high, critical_low, critical_high)))
    return RangeBar(segments, min(max(at(value), 0.0), 100.0), low, high,
                    at(low) if low is not None else None, at(high) if high is not None else None)


def _kind(v, low, high, critical_low, critical_high) -> str:
    """Return what a value in a stretch of the bar means."""
    if (critical_low is not None and v < critical_low) or (critical_high is not None and v > critical_high):
        return "critical"
    if (low is not None and v < low) or (high is not None and v > high):
        return "outside"
    return "normal"
