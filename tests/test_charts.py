"""Charts show every value (issue 16, item 1): the axis covers every point and the reference
band, whatever the series. That labels stay readable at phone width is measured in
Chromium (tests/browser/test_journal.py)."""

import random

import pytest

from portal import charts


def _inside(chart: charts.Chart) -> bool:
    return all(chart.left - 1e-6 <= p.x <= chart.right + 1e-6
               and chart.top - 1e-6 <= p.y <= chart.bottom + 1e-6 for p in chart.points)


def test_karis_high_tsh_is_inside_the_plot():
    """The highest value, usually the abnormal one, was drawn above the chart: ticks stopped
    at the last round value below the maximum (TSH 6.8 with ticks 0, 2, 4, 6)."""
    series = [(0, 2.1, None), (180, 6.8, None), (360, 3.0, None)]
    chart = charts.line_chart(series, x_ticks=[0, 360], x_label=str, band=(0.27, 4.2))
    assert _inside(chart)
    assert charts.ticks(0.27, 6.8)[-1] >= 6.8 and charts.ticks(0.27, 6.8)[0] <= 0.27


@pytest.mark.parametrize("seed", range(300))
def test_every_point_and_the_band_lie_inside_the_plot_for_generated_series(seed):
    rng = random.Random(seed)
    scale = 10 ** rng.uniform(-2, 4)
    offset = rng.uniform(-1, 1) * scale if rng.random() < 0.2 else 0
    series = [(i * rng.uniform(1, 60), offset + rng.uniform(0, scale), None)
              for i in range(rng.randint(1, 40))]
    low = rng.choice([None, rng.uniform(0, scale)])
    high = rng.choice([None, (low or 0) + rng.uniform(0, scale)])
    chart = charts.line_chart(series, x_ticks=[0], x_label=str, band=(low, high),
                              y_floor=rng.choice([None, 0]))
    assert _inside(chart)
    if chart.band:
        top, bottom = chart.band
        assert chart.top - 1e-6 <= top <= bottom <= chart.bottom + 1e-6
    values = [t for t, _ in chart.y_ticks]
    assert values == sorted(values, reverse=True)  # one tick per step, top to bottom

