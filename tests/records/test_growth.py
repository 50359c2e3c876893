"""Growth charts (issue 19, item 5): WHO percentiles from the package's tables, by sex and age.

The package's own z-score function is the oracle: a value we place on a percentile curve
must have that percentile's z-score by the package's reckoning, at ages where the package
and we pick the same WHO table.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from pygrowthstandards import functional as package

from portal import charts
from portal.records import growth
from portal.records.references import (
    Indicator,
    Reference,
    curve,
    lms,
    percentile_of,
    span,
    z_of,
)

BIRTH = date(2020, 1, 1)


@dataclass
class Measure:
    code: str
    value_quantity: float
    effective_at: datetime


def measured(code: str, value: float, on: date) -> Measure:
    return Measure(code, value, datetime(on.year, on.month, on.day, 9, tzinfo=UTC))


@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize(("indicator", "day"), [
    (Indicator.HEIGHT, 0), (Indicator.HEIGHT, 365), (Indicator.HEIGHT, 1461),
    (Indicator.HEIGHT, 3622),                                 # WHO 2007, 119 months
    (Indicator.WEIGHT, 183), (Indicator.WEIGHT, 2587),        # WHO 2007, 85 months
    (Indicator.HEAD, 42), (Indicator.HEAD, 730),
    (Indicator.BMI, 91), (Indicator.BMI, 5479),               # WHO 2007, 180 months
])
@pytest.mark.parametrize("percentile", [3, 15, 50, 85, 97])
def test_each_curve_lies_at_its_z_score_by_the_packages_own_reckoning(indicator, day, sex,
                                                                     percentile):
    at = lms(indicator, sex, day)
    value = at.value_at(z_of(percentile))
    assert package.zscore(indicator.value, value, sex[0].upper(), age_days=day) == (
        pytest.approx(z_of(percentile), abs=1e-6))
    assert at.z_score(value) == pytest.approx(z_of(percentile))


def test_the_median_is_the_tables_m_and_p97_matches_whos_printed_table():
    """WHO's printed length-for-age table for girls at birth: median 49.1, P97 52.7 cm."""
    at_birth = lms(Indicator.HEIGHT, "female", 0)
    assert at_birth.value_at(0) == at_birth.m
    assert round(at_birth.m, 1) == 49.1
    assert round(at_birth.value_at(z_of(97)), 1) == 52.7
    assert z_of(50) == 0 and z_of(97) == pytest.approx(1.881, abs=1e-3)
    assert percentile_of(z_of(85)) == pytest.approx(85)


def test_the_curves_are_by_sex():
    girls, boys = (curve(Indicator.HEIGHT, sex, 50, 365, 365) for sex in ("female", "male"))
    assert girls[0][0] == boys[0][0] == 365
    assert boys[0][1] > girls[0][1]
    assert curve(Indicator.HEIGHT, None, 50, 0, 365) == [] and lms(Indicator.HEIGHT, None, 0) is None


def test_the_tables_switch_from_who_2006_to_2007_after_60_months():
    assert lms(Indicator.HEIGHT, "female", 1856).reference is Reference.WHO_2006
    assert lms(Indicator.HEIGHT, "female", 1857).reference is Reference.WHO_2007


@pytest.mark.parametrize(("indicator", "last_day"), [
    (Indicator.HEAD, 1856),     # WHO 2006 only: 0-5 years
    (Indicator.WEIGHT, 3653),   # WHO 2007 stops weight-for-age at 10 years
    (Indicator.HEIGHT, 6940),   # 19 years
])
def test_ages_beyond_the_tables_have_no_curve(indicator, last_day):
    assert span(indicator, "male") == (0, last_day)
    assert lms(indicator, "male", last_day + 1) is None
    assert curve(indicator, "male", 50, last_day + 1, last_day + 400) == []
    drawn = curve(indicator, "male", 50, 0, last_day + 400)
    assert drawn[0][0] == 0 and drawn[-1][0] == last_day


def test_a_chart_draws_the_five_curves_only_for_the_ages_it_covers():
    rows = [(date(2020, 2, 12), 57.0, False), (date(2021, 1, 1), 75.5, False)]
    laid_out = growth.chart(BIRTH, "female", growth.KINDS[0], rows)
    assert [c.label for c in laid_out.chart.curves] == ["P3", "P15", "P50", "P85", "P97"]
    assert laid_out.chart.x_ticks[-1][1] == "2"  # at least two years, in whole years
    assert laid_out.references == (Reference.WHO_2006,)
    assert not laid_out.measured_from_two_years
    first, last = laid_out.chart.points
    assert first.x < last.x and last.y < first.y  # older and taller: right and higher up
    assert [round(m.percentile) for m in laid_out.measurements] == [
        round(percentile_of(lms(Indicator.HEIGHT, "female", d).z_score(v)))
        for d, v in ((42, 57.0), (366, 75.5))]


def test_a_chart_past_five_years_cites_both_who_references_and_the_norwegian_gap():
    rows = [(date(2020, 2, 12), 57.0, False), (date(2026, 1, 1), 118.0, False)]
    laid_out = growth.chart(BIRTH, "male", growth.KINDS[0], rows)
    assert laid_out.references == (Reference.WHO_2006, Reference.WHO_2007)
    assert laid_out.measured_from_two_years


def test_head_circumference_curves_stop_at_five_years():
    rows = [(date(2020, 6, 1), 42.0, False), (date(2027, 1, 1), 52.0, False)]
    laid_out = growth.chart(BIRTH, "female", growth.KINDS[2], rows)
    stop = max(float(step.split(",")[0][1:]) for c in laid_out.chart.curves
               for step in c.path.split())
    tick = {label: x for x, label in laid_out.chart.x_ticks}
    assert stop == pytest.approx(tick["5"] + (tick["6"] - tick["5"]) * (1856 / 365.25 - 5),
                                 abs=0.2)
    assert [m.percentile is None for m in laid_out.measurements] == [False, True]


def test_bmi_is_worked_out_from_the_same_days_height_and_weight_unless_measured():
    day, other = date(2021, 1, 1), date(2022, 1, 1)
    rows = [measured("8302-2", 75.0, day), measured("29463-7", 9.0, day),
            measured("8302-2", 85.0, other), measured("29463-7", 12.0, date(2022, 1, 2)),
            measured("39156-5", 15.5, date(2023, 1, 1))]
    assert growth.readings(rows, growth.KINDS[3]) == [
        (day, 16.0, True), (date(2023, 1, 1), 15.5, False)]


def test_without_a_known_sex_the_chart_has_points_but_no_curves():
    section = growth.section(BIRTH, None, [measured("8302-2", 75.0, date(2021, 1, 1))])
    (only,) = section.charts
    assert only.chart.curves == () and only.references == ()
    assert only.measurements[0].percentile is None
    assert section.package.startswith("pygrowthstandards ")


def test_no_measurements_no_section():
    assert growth.section(BIRTH, "female", []) is None


@pytest.mark.parametrize(("percentile", "shown", "below", "above"), [
    (0.3, 1, True, False), (2.6, 3, False, False), (99.4, 99, False, False),
    (99.7, 99, False, True),
])
def test_the_table_rounds_percentiles_and_says_beyond_1_and_99(percentile, shown, below, above):
    m = growth.Measurement(BIRTH, 0.0, 50.0, percentile)
    assert (m.shown_percentile, m.below_1, m.above_99) == (shown, below, above)


def test_curve_labels_are_moved_apart_but_stay_in_the_plot():
    lines = [(f"P{p}", "", [(0, 10), (1, 50 + i * 0.1)]) for i, p in enumerate((3, 15, 50))]
    chart = charts.line_chart([(0, 10, None)], x_ticks=[0, 1], x_label=str, curves=lines)
    ys = sorted(c.label_y for c in chart.curves)
    assert all(b - a >= charts.LABEL_GAP - 1e-9 for a, b in zip(ys, ys[1:], strict=False))
    assert ys[0] >= chart.top and ys[-1] <= chart.bottom
    assert chart.right == charts.RIGHT - charts.LABEL_ROOM
