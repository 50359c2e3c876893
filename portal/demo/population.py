"""A synthetic population of the demo municipalities, for benchmarks and for trying the
portal at scale: Ørland, Røros and Molde, weighted by their real populations, with their
journals, messages, GP appointments, GP listings, logins, care and applications.

Each person is drawn from (seed, index) alone, so the same command adds the same people and
running it again adds nobody. Rows go in with Core bulk inserts, a chunk of people at a time.
"""

import random
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import select

from portal.auth.models import LoginEvent
from portal.care.models import HomeCareVisit, Stay, VisitPlan
from portal.journal.entries import (
    Condition,
    Encounter,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.journal.models import GpListPeriod, Person
from portal.journal.national_id import parse, with_check_digits
from portal.messages.models import Message, Thread, ThreadRead
from portal.prescriptions.models import Prescription

from . import population_units
from .bulk import insert_returning_ids, insert_rows
from .personas import PERSONAS
from .population_appointments import Bookings, add_appointments, write_appointments
from .population_care import CareRows, add_care
from .population_cases import CaseRows, add_cases, write_cases
from .population_data import FAMILY, FEMALE, MALE, MUNICIPALITIES, STREETS, Municipality
from .population_journal import Rows, add_journal
from .population_register import gp_periods, logins
from .population_units import Local

# Birth dates fall before a fixed day rather than before today: the number holds the birth
# date, and it must not change with the day the command runs.
BORN_BY = date(2026, 1, 1)
CHUNK = 500


class Drawn(NamedTuple):
    """A citizen drawn but not yet inserted, with what the rest of their rows are drawn from."""

    rng: random.Random  # goes on to draw the journal
    care_rng: random.Random  # draws the GP listings, logins and care
    key: str  # seed and index, which the appointments and applications are drawn from
    person: dict
    home: Municipality
    team: str  # the home-care team serving the address


def add(session, n: int, *, seed: int, today: date) -> int:
    """Add n synthetic citizens with years of results, visits, messages, appointments, GP
    listings, logins, care and applications; return how many were added."""
    places = population_units.find(session)
    taken = {p.national_id for p in PERSONAS}
    added = 0
    for start in range(0, n, CHUNK):
        people = [_person(seed, i, taken) for i in range(start, min(n, start + CHUNK))]
        added += _add_chunk(session, people, places, today)
    return added


def _person(seed: int, index: int, taken: set[str]) -> Drawn:
    """Draw one citizen and where they live."""
    rng = random.Random(f"population:{seed}:{index}")
    male = rng.random() < 0.5
    national_id, born = _number(rng, male, taken)
    taken.add(national_id)
    given = rng.choice(MALE if male else FEMALE)
    family = rng.choice(FAMILY)
    home = rng.choices(MUNICIPALITIES, [m.people for m in MUNICIPALITIES])[0]
    postcode, city, _, team = rng.choices(home.places, [p[2] for p in home.places])[0]
    adult = (BORN_BY - born).days > 18 * 365
    mailbox = f"{given}.{family}{index}".lower().translate(str.maketrans("æøå", "eoa"))
    return Drawn(rng, random.Random(f"population-care:{seed}:{index}"), f"{seed}:{index}", {
        "national_id": national_id, "given_name": given, "family_name": family,
        "birth_date": born, "street": f"{rng.choice(STREETS + home.streets)} {rng.randint(1, 60)}",
        "postcode": postcode, "city": city,
        "phone": f"+47 {rng.choice('49')}{rng.randrange(10**7):07d}" if adult else None,
        "email": f"{mailbox}@example.no" if adult else None,
    }, home, team)


def _number(rng: random.Random, male: bool, taken: set[str]) -> tuple[str, date]:
    """Draw a synthetic national identity number (month + 80) and birth date not yet taken."""
    while True:
        years = rng.uniform(0, 95 if rng.random() < 0.1 else 80)
        born = BORN_BY - timedelta(days=int(years * 365.25))
        # The individual number tells the century (500-999 from 2000) and, odd or even, the sex.
        first = 500 if born.year >= 2000 else 0
        individual = rng.randrange(first, first + 500, 2) + (1 if male else 0)
        number = with_check_digits(f"{born:%d}{born.month + 80}{born:%y}{individual:03d}")
        if number and number not in taken and parse(number).birth_date == born:
            return number, born


def _add_chunk(session, people: list[Drawn], places: dict[str, Local], today: date) -> int:
    """Insert the people not already there, with their journals, appointments, care and
    applications; return how many."""
    numbers = [d.person["national_id"] for d in people]
    there = set(session.scalars(select(Person.national_id).where(Person.national_id.in_(numbers))))
    new = [d for d in people if d.person["national_id"] not in there]
    for d in new:
        local = places[d.home.code]
        d.person["municipality_id"] = local.municipality
        d.person["gp_unit_id"] = local.gp_offices[0]
    ids = insert_returning_ids(session, Person, [d.person for d in new])
    rows, care, register = Rows(), CareRows(), {GpListPeriod: [], LoginEvent: []}
    bookings, cases = Bookings(), CaseRows()
    for d, person_id in zip(new, ids, strict=True):
        local, born, habits = places[d.home.code], d.person["birth_date"], d.home.habits
        add_journal(rows, d.rng, person_id, d.person, today, local.journal)
        register[GpListPeriod] += gp_periods(d.care_rng, person_id, born, today, local.gp_offices)
        register[LoginEvent] += logins(d.care_rng, person_id, born, today)
        given = add_care(care, d.care_rng, person_id, born, today, local, d.team,
                         d.home.main_share)
        add_appointments(bookings, random.Random(f"population-appointments:{d.key}"),
                         person_id, born, today, local, habits)
        add_cases(cases, random.Random(f"population-cases:{d.key}"), person_id, d.person,
                  today, local, habits, given)
    _write(session, rows)
    write_cases(session, cases)  # first: the plans and stays point at their decisions
    _write_care(session, care)
    write_appointments(session, bookings)
    for model, model_rows in register.items():
        insert_rows(session, model, model_rows)
    return len(new)


def _write(session, rows: Rows) -> None:
    """Insert the journals' rows, giving results their visit and messages their thread."""
    visit_ids = insert_returning_ids(session, Encounter, [visit for visit, _ in rows.visits])
    for (_, results), visit_id in zip(rows.visits, visit_ids, strict=True):
        for result in results:
            result["encounter_id"] = visit_id
    insert_rows(session, Observation, [r for _, results in rows.visits for r in results])
    insert_rows(session, Condition, rows.conditions)
    insert_rows(session, MedicationStatement, rows.medications)
    insert_rows(session, Prescription, rows.prescriptions)
    insert_rows(session, Immunization, rows.immunizations)
    thread_ids = insert_returning_ids(session, Thread, [thread for thread, _, _ in rows.threads])
    messages, reads = [], []
    for (thread, thread_messages, read_at), thread_id in zip(rows.threads, thread_ids,
                                                              strict=True):
        messages += [{**message, "thread_id": thread_id} for message in thread_messages]
        if read_at:
            reads.append({"thread_id": thread_id, "person_id": thread["person_id"],
                          "read_at": read_at})
    insert_rows(session, Message, messages)
    insert_rows(session, ThreadRead, reads)


def _write_care(session, care: CareRows) -> None:
    """Insert the stays, and the visit plans with their visits."""
    insert_rows(session, Stay, care.stays)
    plan_ids = insert_returning_ids(session, VisitPlan, [plan for plan, _ in care.plans])
    insert_rows(session, HomeCareVisit, [{**visit, "plan_id": plan_id}
                                         for (_, visits), plan_id in zip(care.plans, plan_ids,
                                                                         strict=True)
                                         for visit in visits])
