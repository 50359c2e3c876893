"""The childhood programme, as plain functions (growth charts: test_growth.py)."""

from dataclasses import dataclass
from datetime import date

import pytest

from portal.records import programme


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
