"""The childhood programme and growth charts, as plain functions."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from portal.records import growth, programme


@dataclass
class Shot:
    vaccine_code: str
    dose_number: int
    occurred_on: date


def test_a_new_baby_has_nothing_due():
    result = programme.status(date(2026, 11, 1), [], date(2026, 11, 23))
    assert not any(s.due for s in result)


@pytest.mark.parametrize(("on", "due"), [
    (date(2020, 12, 1), {"DTP-IPV-Hib-HepB", "Pneumokokk"}),  # 14 months, none given; rotavirus
    # is past its window (issue 16, item 2)
    (date(2026, 11, 23), {"DTP-IPV"}),                                      # 7 years, programme kept
])
def test_what_is_due_follows_age_and_what_was_given(on, due):
    birth = date(2019, 9, 2)
    given = [] if on.year == 2020 else [
        Shot(d.atc_codes[0], d.dose, birth) for d in programme.PROGRAMME if d.offered.reached(birth) < date(2026, 9, 2)]
    result = programme.status(birth, given, on)
    assert {s.dose.name for s in result if s.due} == due


def test_adults_have_no_programme():
    assert programme.status(date(1990, 1, 1), [], date(2026, 11, 23)) is None


@dataclass
class Measure:
    code: str
    value_quantity: float
    effective_at: datetime


def test_growth_chart_places_points_by_age_and_value():
    birth = date(2020, 1, 1)
    rows = [Measure("8302-2", 50.0, datetime(2020, 1, 1, 9, tzinfo=UTC)),
            Measure("8302-2", 100.0, datetime(2024, 1, 1, 9, tzinfo=UTC)),
            Measure("29463-7", 10.0, datetime(2021, 1, 1, 9, tzinfo=UTC))]
    grown = growth.chart(birth, rows, "8302-2", "cm")
    assert [m.value for m in grown.measurements] == [50.0, 100.0]
    chart = grown.chart
    first, last = chart.points
    assert first.x == chart.left and last.x == pytest.approx(chart.right, abs=1)
    assert chart.top <= last.y < first.y <= chart.bottom  # larger values higher up
    assert chart.path.startswith("M") and " L" in chart.path


def test_no_measurements_no_chart():
    assert growth.chart(date(2020, 1, 1), [], "8302-2", "cm") is None
