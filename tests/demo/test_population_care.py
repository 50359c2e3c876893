"""The synthetic population of issue 18: three municipalities, GP list history, logins,
home care and nursing-home stays, each person served by their own municipality's units."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.applications.models import Application, CaseEvent, Decision, ServiceDecision
from portal.appointments.models import Appointment, Slot
from portal.auth.models import LoginEvent
from portal.care.models import HomeCareVisit, Stay, VisitPlan
from portal.clock import OSLO, age_on
from portal.demo import population
from portal.demo.population_care import CareRows, add_care
from portal.demo.population_units import Local
from portal.journal.models import GpListPeriod, Organization, Person, Practitioner
from tests.demo.test_population import TODAY, synthetic

N, SEED = 300, 8  # a seed whose people include some with home care and stays


@pytest.fixture
def people(db_session) -> list[Person]:
    """Add a few hundred synthetic citizens and return them."""
    assert population.add(db_session, N, seed=SEED, today=TODAY) == N
    return synthetic(db_session)


def units(session) -> dict[int, Organization]:
    """Return the units by id."""
    return {u.id: u for u in session.scalars(select(Organization))}


def rows_of(session, model, people: list[Person]) -> dict[int, list]:
    """Return a model's rows of the people, by person id, in id order."""
    found: dict[int, list] = {p.id: [] for p in people}
    for row in session.scalars(select(model).where(model.person_id.in_(found))
                               .order_by(model.id)):
        found[row.person_id].append(row)
    return found


def test_people_spread_over_the_three_municipalities_by_their_size(db_session, people):
    """Weighted by the real populations: Molde about 32,000, Ørland 8,000, Røros 5,600."""
    by_id = units(db_session)
    homes = Counter(by_id[p.municipality_id].code for p in people)
    assert set(homes) == {"orland", "roros", "molde"}
    assert homes["molde"] > homes["orland"] > homes["roros"] > N // 20


def test_the_open_gp_listing_is_the_gp_office_and_changes_follow_each_other(db_session,
                                                                            people):
    """Person.gp_unit_id agrees with the open listing; a change ends one listing the day
    before the next starts, at an office of the person's municipality."""
    by_id = units(db_session)
    periods = rows_of(db_session, GpListPeriod, people)
    changes = 0
    for person in people:
        mine = sorted(periods[person.id], key=lambda p: p.starts_on)
        assert [p.ends_on is None for p in mine] == [False] * (len(mine) - 1) + [True]
        assert mine[-1].unit_id == person.gp_unit_id
        assert mine[0].starts_on >= person.birth_date and mine[-1].starts_on < TODAY
        for before, after in zip(mine, mine[1:], strict=False):
            assert before.ends_on == after.starts_on - timedelta(days=1)
            assert before.starts_on <= before.ends_on
            changes += 1
        assert {by_id[p.unit_id].part_of_id for p in mine} == {person.municipality_id}
        assert {by_id[p.unit_id].kind for p in mine} == {"gp_office"}
    assert 0 < changes < N * 0.4  # about 4 % a year, over five years


def test_logins_have_exactly_one_first_login_per_person_who_logged_in(db_session, people):
    """About 70 % of adults and 40 % of 12-17-year-olds have logged in; children under 12
    never; the first login is the earliest, within two years, the later ones in 90 days."""
    logins = rows_of(db_session, LoginEvent, people)
    adults = [p for p in people if age_on(p.birth_date, TODAY) >= 18]
    for person in people:
        mine = logins[person.id]
        if not mine:
            continue
        assert age_on(person.birth_date, TODAY) >= 12
        first = [e for e in mine if e.first_login]
        assert len(first) == 1
        assert first[0].at == min(e.at for e in mine)
        assert TODAY - timedelta(days=2 * 365 + 1) <= first[0].at.astimezone(OSLO).date() < TODAY
        assert all(TODAY - timedelta(days=90) <= e.at.astimezone(OSLO).date() < TODAY
                   for e in mine if not e.first_login)
        assert {(e.role, e.provider, e.acr) for e in mine} == {
            ("citizen", "idporten", "idporten-loa-high")}
    logged_in = sum(1 for p in adults if logins[p.id])
    assert 0.55 < logged_in / len(adults) < 0.85


def test_visits_are_made_only_by_employees_of_the_persons_team(db_session, people):
    """Home care from the person's own municipality's team; past visits done or cancelled,
    the coming week planned."""
    by_id = units(db_session)
    plans = [plan for rows in rows_of(db_session, VisitPlan, people).values() for plan in rows]
    assert len(plans) >= 3
    owners = {p.id: p for p in people}
    staff = {r.id: r for r in db_session.scalars(select(Practitioner))}
    for plan in plans:
        person = owners[plan.person_id]
        assert age_on(person.birth_date, TODAY) >= 67
        team = by_id[plan.team_id]
        assert (team.kind, team.part_of_id) == ("home_care", person.municipality_id)
        visits = db_session.scalars(select(HomeCareVisit)
                                    .where(HomeCareVisit.plan_id == plan.id)).all()
        assert visits
        for visit in visits:
            assert (visit.person_id, visit.team_id, visit.service) == (
                plan.person_id, plan.team_id, plan.service)
            day = visit.starts_at.astimezone(OSLO).date()
            assert plan.starts_on <= day < TODAY + timedelta(days=7)
            assert visit.status in (("planned",) if day >= TODAY else ("done", "cancelled"))
            if visit.practitioner_id is not None:
                employee = staff[visit.practitioner_id]
                assert (employee.unit_id, employee.role) == (plan.team_id, "home_care_worker")


def test_stays_are_only_at_the_persons_municipalitys_nursing_home(db_session, people):
    by_id = units(db_session)
    owners = {p.id: p for p in people}
    stays = [s for rows in rows_of(db_session, Stay, people).values() for s in rows]
    assert stays
    for stay in stays:
        person, home = owners[stay.person_id], by_id[stay.unit_id]
        assert (home.kind, home.part_of_id) == ("nursing_home", person.municipality_id)
        assert age_on(person.birth_date, TODAY) >= (80 if stay.kind == "long_term" else 75)
        assert stay.admitted_on < TODAY
        assert stay.discharged_on is None or stay.admitted_on <= stay.discharged_on < TODAY


def test_running_it_twice_adds_nothing(db_session, people):
    tables = (Person, GpListPeriod, LoginEvent, VisitPlan, HomeCareVisit, Stay, Slot,
              Appointment, Application, CaseEvent, Decision, ServiceDecision)

    def counts():
        return [db_session.scalar(select(func.count()).select_from(t)) for t in tables]

    before = counts()
    assert population.add(db_session, N, seed=SEED, today=TODAY) == 0
    assert counts() == before


def _old_people(n: int) -> CareRows:
    """Draw the care of n people of 75 to 95 in a made-up municipality, without a database."""
    local = Local(municipality=1, gp_offices=(2,), nursing_home=3, journal=None,
                  teams={"team": (4, tuple(range(100, 112)))})
    rows = CareRows()
    for i in range(n):
        rng = random.Random(f"old:{i}")
        born = TODAY - timedelta(days=rng.randint(75 * 365, 95 * 365))
        add_care(rows, rng, i, born, TODAY, local, "team", (0.35, 0.85))
    return rows


def test_home_care_pauses_during_stays_and_ends_with_a_long_term_place():
    """One stay at a time; short-term stays before a long-term place; no visit while away."""
    rows = _old_people(3000)
    stays: dict[int, list[dict]] = {}
    for stay in rows.stays:
        stays.setdefault(stay["person_id"], []).append(stay)
    assert {s["kind"] for s in rows.stays} == {"short_term", "long_term"}
    for mine in stays.values():
        mine.sort(key=lambda s: s["admitted_on"])
        for before, after in zip(mine, mine[1:], strict=False):
            assert before["kind"] == "short_term"
            assert before["discharged_on"] and before["discharged_on"] < after["admitted_on"]
    for plan, visits in rows.plans:
        assert plan["team_id"] == 4
        away = stays.get(plan["person_id"], [])
        long_term = [s for s in away if s["kind"] == "long_term"]
        if long_term:
            assert plan["ends_on"] is not None
            assert plan["ends_on"] < long_term[0]["admitted_on"]
        for visit in visits:
            day = visit["starts_at"].astimezone(OSLO).date()
            assert not any(s["admitted_on"] <= day <= (s["discharged_on"] or TODAY)
                           for s in away)


def test_a_main_employee_makes_a_share_of_the_visits_and_few_are_cancelled():
    """The main employee's share is drawn from 0.35 to 0.85 per person (about 60 % on
    average); about 3 % cancelled; fewer visits a week for practical assistance."""
    rows = _old_people(3000)
    shares, done, cancelled = [], 0, 0
    for plan, visits in rows.plans:
        made = Counter(v["practitioner_id"] for v in visits if v["status"] == "done")
        done += sum(made.values())
        cancelled += sum(1 for v in visits if v["status"] == "cancelled")
        if sum(made.values()) >= 50:
            shares.append(made.most_common(1)[0][1] / sum(made.values()))
        weekly = len(plan["weekdays"])
        assert (weekly == 1) if plan["service"] == "practical_assistance" else (2 <= weekly <= 7)
        weeks = ((TODAY + timedelta(days=7)) - plan["starts_on"]).days / 7
        assert len(visits) <= (weeks + 1) * weekly and weeks <= 2 * 53
    assert 0.55 <= sum(shares) / len(shares) <= 0.65
    assert min(shares) > 0.25 and max(shares) < 0.95
    assert 0.02 < cancelled / (done + cancelled) < 0.04
