"""Which prescriptions renew online, how long one is valid, when it runs out (issue 20).

Sources: a prescription is valid one year from the day it is written; group A and B are for
one dispensing (Store medisinske leksikon, "resept"; Apotek 1, "Gyldighet på resepter").
"""

from datetime import date
from types import SimpleNamespace

import pytest

from portal.prescriptions import rules

TODAY = date(2026, 12, 1)


def prescription(**changes):
    values = {"prescription_group": "C", "multidose": False, "valid_to": date(2027, 6, 1),
              "dispensings_left": 2}
    return SimpleNamespace(**(values | changes))


def test_valid_one_year_from_the_day_written():
    assert rules.valid_to(date(2026, 12, 1)) == date(2027, 12, 1)
    assert rules.valid_to(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize("group, expected", [("A", "controlled"), ("B", "controlled"),
                                             ("C", None), ("F", None)])
def test_narcotic_and_habit_forming_medicines_are_not_renewed_online(group, expected):
    assert rules.not_online(prescription(prescription_group=group)) == expected


def test_multidose_renews_through_the_multidose_list():
    assert rules.not_online(prescription(multidose=True)) == "multidose"


def test_groups_a_and_b_have_one_dispensing():
    assert rules.dispensings_for("A", 4) == rules.dispensings_for("B", 3) == 1
    assert rules.dispensings_for("C", 4) == 4


@pytest.mark.parametrize("valid_to, left, runs_out, valid", [
    (date(2026, 12, 31), 2, True, True),    # 30 days: runs out
    (date(2027, 1, 1), 2, False, True),     # 31 days: not yet
    (date(2027, 6, 1), 0, True, False),     # nothing left to collect
    (date(2026, 11, 30), 2, True, False),   # expired yesterday
    (date(2026, 12, 1), 1, True, True),     # valid through today
])
def test_runs_out_within_30_days(valid_to, left, runs_out, valid):
    row = prescription(valid_to=valid_to, dispensings_left=left)
    assert rules.runs_out(row, TODAY) is runs_out
    assert rules.is_valid(row, TODAY) is valid
