"""The childhood immunisation programme's ages and windows (issue 15, item 8; issue 16, item 2)."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from portal.records import programme
from portal.records.programme import PROGRAMME, DoseState
from tests.client import JONAS, KARI, text_of


@dataclass
class Shot:
    vaccine_code: str
    dose_number: int
    occurred_on: date


def test_the_10th_grade_booster_is_at_10th_grade_about_15_years():
    """Source: FHI, barnevaksinasjonsprogrammet: the diphtheria, tetanus, whooping cough and
    polio booster (dTP-IPV) is given in 10th grade, at about 15 years, not at 16."""
    booster = [d for d in PROGRAMME if d.name == "dTP-IPV"]
    assert len(booster) == 1
    assert booster[0].offered == programme.years(15)
    assert str(booster[0].when) == "15 years (10th grade)"


BIRTH = date(2012, 5, 20)  # Jonas's birthday


def _years(n: int) -> date:
    return BIRTH.replace(year=BIRTH.year + n)


# The latest day each infant dose may be called due, from the sources, not from the table:
# FHI, "Vaccine against rotavirus disease": first dose no later than 12 weeks, the course
# done by 24 weeks (SmPC); FHI's guides for health personnel: no Hib or pneumococcal vaccine
# for healthy children from 5 years.
LAST_DUE_DAY = {
    ("Rotavirus", 1): BIRTH + timedelta(weeks=12, days=-1),
    ("Rotavirus", 2): BIRTH + timedelta(weeks=24, days=-1),
    **{(name, n): _years(5) - timedelta(days=1)
       for name in ("DTP-IPV-Hib-HepB", "Pneumokokk") for n in (1, 2, 3)},
}
FIRST_DUE_DAY = {  # the ages the programme offers each dose at (FHI)
    ("Rotavirus", 1): BIRTH + timedelta(weeks=6), ("Rotavirus", 2): date(2012, 8, 20),
    ("DTP-IPV-Hib-HepB", 1): date(2012, 8, 20), ("Pneumokokk", 1): date(2012, 8, 20),
    ("DTP-IPV-Hib-HepB", 2): date(2012, 10, 20), ("Pneumokokk", 2): date(2012, 10, 20),
    ("DTP-IPV-Hib-HepB", 3): date(2013, 5, 20), ("Pneumokokk", 3): date(2013, 5, 20),
    ("MMR", 1): date(2013, 8, 20), ("DTP-IPV", 4): _years(7), ("MMR", 2): _years(11),
    ("HPV", 1): _years(12), ("dTP-IPV", 5): _years(15),
}


def _walk():
    """Yield every week of the first year, then the 1st and 20th of every month to 16."""
    day = BIRTH
    while day < _years(1):
        yield day
        day += timedelta(weeks=1)
    while day < _years(16) + timedelta(days=31):
        yield day.replace(day=1)
        yield day.replace(day=20)
        day = (day.replace(day=1) + timedelta(days=32))


def test_no_dose_is_due_outside_its_window_from_birth_to_16():
    """Rule (issue 16, item 2): a child with no doses is never told a dose is due before it
    is offered, nor after its latest age for catch-up."""
    for on in _walk():
        for s in programme.status(BIRTH, [], on):
            key = (s.dose.name, s.dose.dose)
            if s.due:
                assert FIRST_DUE_DAY[key] <= on, (key, on)
                assert on <= LAST_DUE_DAY.get(key, date.max), (key, on)
            elif on < FIRST_DUE_DAY[key]:
                assert s.state is DoseState.COMING, (key, on)
            else:
                assert s.state is DoseState.NOT_REGISTERED, (key, on)


@pytest.mark.parametrize(("on", "state"), [
    (BIRTH + timedelta(weeks=6, days=-1), DoseState.COMING),
    (BIRTH + timedelta(weeks=6), DoseState.DUE),
    (BIRTH + timedelta(weeks=12, days=-1), DoseState.DUE),
    (BIRTH + timedelta(weeks=12), DoseState.NOT_REGISTERED),
])
def test_the_first_rotavirus_dose_by_12_weeks(on, state):
    """Source: FHI, rotavirus vaccine: the first dose from 6 weeks, no later than 12 weeks."""
    assert programme.status(BIRTH, [], on)[0].state is state


def test_a_rotavirus_course_that_never_started_is_not_due():
    """Source: FHI: no first rotavirus dose after 12 weeks, so no second dose either."""
    at_14_weeks = BIRTH + timedelta(weeks=14)
    assert programme.status(BIRTH, [], at_14_weeks)[1].state is DoseState.NOT_REGISTERED
    started = [Shot("J07BH01", 1, BIRTH + timedelta(weeks=7))]
    second = programme.status(BIRTH, started, at_14_weeks)[1]
    assert (second.dose.name, second.state) == ("Rotavirus", DoseState.DUE)


def test_mmr_hpv_and_boosters_can_be_caught_up_at_14():
    """Source: FHI: MMR, the DTP-IPV booster and HPV are caught up after their age."""
    due = {(s.dose.name, s.dose.dose) for s in programme.status(BIRTH, [], _years(14)) if s.due}
    assert due == {("MMR", 1), ("MMR", 2), ("DTP-IPV", 4), ("HPV", 1)}


def test_jonas_is_not_told_to_take_infant_vaccines(client):
    """Issue 16, item 2: Jonas (born 2012-05-20) sees no dose as due that he cannot take at
    14: his infant doses are given, the 10th-grade booster is coming, nothing is "due now"."""
    client.login_as(JONAS)
    page = client.get_page("/records/?lang=en")
    rows = {r.th.get_text(strip=True): r for r in page.select("#vaccinations table.programme tr")
            if r.th and r.get("data-state")}
    infant = [name for name in rows if name.startswith(("Rotavirus", "DTP-IPV-Hib-HepB",
                                                         "Pneumokokk"))]
    assert len(infant) == 8
    assert {rows[name]["data-state"] for name in infant} == {"given"}
    assert rows["DTP-IPV, dose 4"]["data-state"] == "given"
    assert "Given" in text_of(rows["HPV"])
    assert "due" not in {r["data-state"] for r in rows.values()}
    assert page.select_one("#vaccinations .ds-alert") is None


def test_a_parent_of_a_12_to_15_year_old_sees_the_same_programme(client):
    """Rule: parents of 12-15-year-olds see vaccinations (DOMAIN.md, "Children 12-15")."""
    client.login_as(KARI)
    client.act_for(JONAS)
    page = client.get_page("/records/?lang=en")
    states = [r["data-state"] for r in page.select("#vaccinations tr[data-state]")]
    assert states.count("given") == 12 and "due" not in states
