"""Care delivered in the demo (issue 18): the municipalities and their units, where the
personas live and are listed, the home-care teams' employees, and Ola's home care
(PERSONAS.md: "home nursing with visits by several staff")."""

from collections import Counter
from datetime import time, timedelta

from sqlalchemy import select

from portal import clock
from portal.applications.models import Application, Decision, ServiceDecision
from portal.care.models import CareTarget, HomeCareVisit, VisitPlan
from portal.demo.care import TEAM_SIZE, employees
from portal.demo.personas import CITIZENS, STAFF, UNITS
from portal.journal.models import GpListPeriod, Organization, Person, Practitioner
from portal.journal.national_id import parse

OLA, INGRID = "30865940099", "08828500059"
# The units as they were before issue 18: none of them may change.
FIRST_UNITS = {
    "st-olavs": "hospital", "orland": "municipality", "orland-legekontor": "gp_office",
    "helsestasjon-orland": "health_station", "helsestasjon-ungdom": "youth_health_station",
    "hjemmetjenesten-orland": "home_care", "forvaltning-orland": "case_office",
    "st-olavs-lab": "laboratory",
}


def units(session) -> dict[str, Organization]:
    """Return the demo's units by code."""
    return {u.code: u for u in session.scalars(select(Organization))}


def person(session, number: str) -> Person:
    """Return a person by national identity number."""
    return session.scalar(select(Person).where(Person.national_id == number))


def test_the_first_units_are_unchanged_and_three_municipalities_have_nursing_homes(db_session):
    by_code = units(db_session)
    assert {code: by_code[code].kind for code in FIRST_UNITS} == FIRST_UNITS
    assert set(by_code) == {u.code for u in UNITS}
    for code, number, beds in (("orland", "5057", 48), ("roros", "5025", 40),
                               ("molde", "1506", 90)):
        municipality = by_code[code]
        assert municipality.municipality_number == number
        own = [u for u in by_code.values() if u.part_of_id == municipality.id]
        kinds = Counter(u.kind for u in own)
        assert kinds["gp_office"] == kinds["case_office"] == kinds["nursing_home"] == 1
        assert kinds["home_care"] == (1 if code == "roros" else 2)
        assert [u.beds for u in own if u.kind == "nursing_home"] == [beds]
        assert all(u.beds is None for u in own if u.kind != "nursing_home")
    assert by_code["hjemmetjenesten-bjugn"].part_of.code == "orland"  # merged in 2020


def test_everyone_lives_in_orland_but_ingrid_in_trondheim(db_session):
    orland = units(db_session)["orland"]
    for persona in (*CITIZENS, *STAFF):
        expected = None if persona.national_id == INGRID else orland.id
        assert person(db_session, persona.national_id).municipality_id == expected, persona.name


def test_every_citizen_persona_has_one_open_gp_listing_at_their_gp_office(db_session):
    """Person.gp_unit_id is the GP office now, and agrees with the open listing."""
    for persona in CITIZENS:
        row = person(db_session, persona.national_id)
        periods = db_session.scalars(select(GpListPeriod)
                                     .where(GpListPeriod.person_id == row.id)).all()
        assert [(p.unit_id, p.starts_on, p.ends_on) for p in periods] == [
            (row.gp_unit_id, persona.listed_since, None)]
        assert persona.listed_since >= persona.born
    assert person(db_session, OLA).gp_unit.code == "orland-legekontor"


def test_each_municipality_has_its_targets(db_session):
    by_code = units(db_session)
    targets = {(t.municipality_id, t.indicator): t.value
               for t in db_session.scalars(select(CareTarget))}
    orland = by_code["orland"].id
    assert (targets[orland, "long_term_stay_days"], targets[orland, "short_term_stay_days"],
            targets[orland, "occupancy_percent"]) == (650, 12, 95)
    values = [tuple(targets[by_code[code].id, i] for i in ("long_term_stay_days",
                                                           "short_term_stay_days",
                                                           "occupancy_percent"))
              for code in ("orland", "roros", "molde")]
    assert len(set(values)) == 3


def test_every_home_care_team_has_its_employees_and_every_gp_office_a_gp(db_session):
    roles = db_session.scalars(select(Practitioner).where(Practitioner.active.is_(True))).all()
    for unit in units(db_session).values():
        staff = Counter(r.role for r in roles if r.unit_id == unit.id)
        if unit.kind == "home_care":
            assert staff == {"home_care_worker": TEAM_SIZE}, unit.code
        if unit.kind == "gp_office":
            assert staff["gp"] == 1, unit.code


def test_the_employees_are_synthetic_numbers_the_same_every_time(db_session):
    drawn = employees()
    assert drawn == employees()
    numbers = [e.national_id for e in drawn]
    assert len(set(numbers)) == len(numbers)
    for e in drawn:
        parsed = parse(e.national_id)
        assert parsed.synthetic and not parsed.d_number and parsed.birth_date == e.born
        row = person(db_session, e.national_id)
        assert (row.name, row.gp_unit_id, row.municipality_id) == (
            f"{e.given_name} {e.family_name}", None, None)


def test_ola_has_a_visit_plan_for_each_service_he_was_granted(db_session):
    ola = person(db_session, OLA)
    granted = db_session.scalars(
        select(ServiceDecision).join(Decision).join(Application)
        .where(Application.person_id == ola.id,
               ServiceDecision.outcome.in_(("granted", "partly_granted")))).all()
    plans = {p.service: p for p in db_session.scalars(
        select(VisitPlan).where(VisitPlan.person_id == ola.id))}
    assert set(plans) == {d.service for d in granted} == {"home_nursing",
                                                           "practical_assistance"}
    for decision in granted:
        plan = plans[decision.service]
        assert plan.service_decision_id == decision.id
        assert plan.starts_on == decision.starts_on and plan.ends_on is None
        assert plan.team.code == "hjemmetjenesten-orland"
    assert (plans["home_nursing"].weekdays, plans["home_nursing"].at,
            plans["home_nursing"].minutes) == ("1234567", time(8), 30)
    assert (plans["practical_assistance"].weekdays, plans["practical_assistance"].at,
            plans["practical_assistance"].minutes) == ("3", time(10), 60)


def test_olas_visits_were_made_by_several_of_the_team_and_the_coming_week_is_planned(
        db_session, seeded_on):
    """Home nursing with visits by several staff: a main employee makes most of them."""
    ola, today = person(db_session, OLA), seeded_on
    team = units(db_session)["hjemmetjenesten-orland"]
    workers = set(db_session.scalars(select(Practitioner.id).where(
        Practitioner.unit_id == team.id, Practitioner.role == "home_care_worker")))
    done = []
    for plan in db_session.scalars(select(VisitPlan).where(VisitPlan.person_id == ola.id)):
        visits = db_session.scalars(select(HomeCareVisit).where(HomeCareVisit.plan_id == plan.id)
                                    .order_by(HomeCareVisit.starts_at)).all()
        days = [v.starts_at.astimezone(clock.OSLO) for v in visits]
        assert all(d.time() == plan.at and str(d.isoweekday()) in plan.weekdays for d in days)
        assert today - timedelta(weeks=12) <= days[0].date() < today
        assert days[-1].date() < today + timedelta(days=7)
        past = [v for v in visits if v.starts_at.astimezone(clock.OSLO).date() < today]
        coming = [v for v in visits if v not in past]
        assert {v.status for v in past} == {"done", "cancelled"}
        assert len([v for v in past if v.status == "cancelled"]) == 1
        assert {v.status for v in coming} == {"planned"}
        assert len(coming) == {"1234567": 7, "3": 1}[plan.weekdays]  # the coming week
        assert {v.practitioner_id for v in coming} <= workers | {None}
        assert all(v.team_id == team.id and v.person_id == ola.id for v in visits)
        done += [v for v in past if v.status == "done"]
        assert all(abs(v.done_minutes - plan.minutes) <= plan.minutes for v in done
                   if v.plan_id == plan.id)
    assert {v.practitioner_id for v in done} <= workers
    by = Counter(v.practitioner_id for v in done)
    assert len(by) == 4 and 0.45 <= by.most_common(1)[0][1] / len(done) <= 0.75
    rota = db_session.scalars(select(HomeCareVisit.practitioner_id).where(
        HomeCareVisit.person_id == ola.id, HomeCareVisit.status == "planned")).all()
    assert None in rota and set(rota) - {None}  # the rota names who comes only days ahead
