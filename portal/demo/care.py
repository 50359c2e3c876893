"""Care delivered in the demo (issue 18): the home-care teams' employees, a GP for each GP
office and a case officer for each case office no persona works at, the municipalities'
targets, and Ola's home care.

The employees are synthetic people with synthetic numbers (month + 80), drawn from the unit's
code alone, so every load makes the same ones. Their individual numbers are 900-999, which
neither the personas nor the synthetic population (below 500 for births before 2000) use.
"""

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from portal.applications.models import Application, Decision, ServiceDecision
from portal.care.models import VISIT_SERVICES, CareTarget, HomeCareVisit, VisitPlan
from portal.journal.models import Organization, Person, Practitioner
from portal.journal.national_id import parse, with_check_digits

from .personas import PERSONAS, STAFF, UNITS
from .population_data import FAMILY, FEMALE, MALE
from .visits import Team, draw_visits

TEAM_SIZE = 12
TARGETS = {
    "orland": {"long_term_stay_days": 650, "short_term_stay_days": 12, "occupancy_percent": 95},
    "roros": {"long_term_stay_days": 600, "short_term_stay_days": 14, "occupancy_percent": 92},
    "molde": {"long_term_stay_days": 700, "short_term_stay_days": 10, "occupancy_percent": 90},
}
OLA = "30865940099"
OLAS_TEAM = "hjemmetjenesten-orland"
# Ola's plans: the service decided, the weekdays, the time and the minutes of a visit.
OLAS_PLANS = {"home_nursing": ("1234567", time(8), 30), "practical_assistance": ("3", time(10), 60)}
OLAS_HISTORY = timedelta(weeks=12)
# Names no persona has, so that a persona is never mistaken for an employee, on a page or in
# a test looking them up by name.
_TAKEN = {p.given_name for p in PERSONAS} | {p.family_name for p in PERSONAS}
_MEN, _WOMEN, _FAMILIES = ([n for n in names if n not in _TAKEN]
                           for names in (MALE, FEMALE, FAMILY))


@dataclass(frozen=True)
class Employee:
    """A synthetic employee of a demo unit."""

    unit: str
    role: str
    national_id: str
    given_name: str
    family_name: str
    born: date


def employees() -> list[Employee]:
    """Return the synthetic staff: a team for each home-care unit, and a GP and a case officer
    where none works (the offices' decisions and answers need someone to make them)."""
    staffed = {(p.unit, p.staff_role) for p in STAFF}
    wanted = [(u.code, "home_care_worker", TEAM_SIZE) for u in UNITS if u.kind == "home_care"]
    wanted += [(u.code, role, 1) for kind, role in (("gp_office", "gp"),
                                                    ("case_office", "case_officer"))
               for u in UNITS if u.kind == kind and (u.code, role) not in staffed]
    taken: set[str] = set()
    return [_employee(code, role, i, taken) for code, role, size in wanted for i in range(size)]


def _employee(unit: str, role: str, index: int, taken: set[str]) -> Employee:
    """Draw one employee from the unit's code and the index; most home-care staff are women."""
    rng = random.Random(f"staff:{unit}:{index}")
    male = rng.random() < (0.15 if role == "home_care_worker" else 0.5)
    while True:
        born = date(1962, 1, 1) + timedelta(days=rng.randrange(38 * 365))
        # 900-999 give a birth in the 1900s for years 40-99 (and the ninth digit the sex).
        individual = rng.randrange(900, 1000, 2) + (1 if male else 0)
        number = with_check_digits(f"{born:%d}{born.month + 80}{born:%y}{individual:03d}")
        if number and number not in taken and parse(number).birth_date == born:
            taken.add(number)
            return Employee(unit, role, number, rng.choice(_MEN if male else _WOMEN),
                            rng.choice(_FAMILIES), born)


def add_staff(session, units: dict[str, Organization]) -> dict[str, list[Practitioner]]:
    """Add the synthetic employees; return their roles by unit code, in the order drawn."""
    staff: dict[str, list[Practitioner]] = {}
    for e in employees():
        person = Person(national_id=e.national_id, given_name=e.given_name,
                        family_name=e.family_name, birth_date=e.born)
        staff.setdefault(e.unit, []).append(
            Practitioner(person=person, unit=units[e.unit], role=e.role))
    session.add_all([role for roles in staff.values() for role in roles])
    return staff


def add_targets(session, units: dict[str, Organization]) -> None:
    """Add the targets each municipality has set for its nursing homes."""
    session.add_all([CareTarget(municipality_id=units[code].id, indicator=indicator, value=value)
                     for code, targets in TARGETS.items() for indicator, value in targets.items()])


def add_home_care(session, today: date, people: dict[str, Person],
                  units: dict[str, Organization], team: list[Practitioner]) -> None:
    """Give Ola a visit plan for each service he was granted, and its visits (PERSONAS.md:
    home nursing with visits by several staff): the last twelve weeks and the week ahead."""
    ola, rng = people[OLA], random.Random("ola:home-care")
    crew = Team(units[OLAS_TEAM].id, team[0].id, [p.id for p in team[1:4]], 0.6)
    for decision in _granted(session, ola):
        weekdays, at, minutes = OLAS_PLANS[decision.service]
        plan = VisitPlan(person_id=ola.id, team_id=crew.id, service=decision.service,
                         service_decision_id=decision.id, starts_on=decision.starts_on,
                         weekdays=weekdays, at=at, minutes=minutes)
        session.add(plan)
        session.flush()
        rows = draw_visits(rng, {**_columns(plan), "person_id": ola.id}, crew,
                           first=today - OLAS_HISTORY, today=today, cancelled=0)
        past = [row for row in rows if row["status"] == "done"]
        # One visit of each plan was cancelled (Ola was at the hospital, or said no thanks).
        past[len(past) // 3].update(status="cancelled", practitioner_id=None, done_minutes=None)
        session.add_all([HomeCareVisit(plan_id=plan.id, **row) for row in rows])


def _granted(session, person: Person) -> list[ServiceDecision]:
    """Return the person's decided services that home care delivers, granted in whole or part."""
    return list(session.scalars(
        select(ServiceDecision).join(Decision).join(Application)
        .where(Application.person_id == person.id, ServiceDecision.service.in_(VISIT_SERVICES),
               ServiceDecision.outcome.in_(("granted", "partly_granted")))
        .order_by(ServiceDecision.id)))


def _columns(plan: VisitPlan) -> dict:
    """Return what the visits are drawn from, as a plan row would hold it."""
    return {"service": plan.service, "weekdays": plan.weekdays, "at": plan.at,
            "minutes": plan.minutes, "starts_on": plan.starts_on, "ends_on": plan.ends_on}
