"""A synthetic population of Ørland citizens, for benchmarks and for trying the portal at scale.

Each person is drawn from (seed, index) alone, so the same command adds the same people and
running it again adds nobody. Rows go in with Core bulk inserts, a chunk of people at a time.
"""

import random
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.journal.entries import (
    Condition,
    Encounter,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.journal.models import Organization, Person, Practitioner
from portal.journal.national_id import parse, with_check_digits
from portal.messages.models import Message, Thread, ThreadRead
from portal.prescriptions.models import Prescription

from .personas import PERSONAS, STAFF
from .population_data import FAMILY, FEMALE, MALE, PLACE_WEIGHTS, PLACES, STREETS
from .population_journal import Refs, Rows, add_journal
from .seed import loaded as personas_loaded

# Birth dates fall before a fixed day rather than before today: the number holds the birth
# date, and it must not change with the day the command runs.
BORN_BY = date(2026, 1, 1)
CHUNK = 500

GP = next(p for p in STAFF if p.unit == "orland-legekontor")
NURSE = next(p for p in STAFF if p.unit == "helsestasjon-orland")


def add(session, n: int, *, seed: int, today: date) -> int:
    """Add n synthetic citizens with years of results, visits and messages; return how many were added."""
    refs = _refs(session)
    taken = {p.national_id for p in PERSONAS}
    added = 0
    for start in range(0, n, CHUNK):
        people = [_person(seed, i, taken) for i in range(start, min(n, start + CHUNK))]
        added += _add_chunk(session, people, refs, today)
    return added


def _refs(session) -> Refs:
    """Find the units and staff the journals point to; the personas must be loaded first."""
    if not personas_loaded(session):
        raise RuntimeError("Load the demo personas (portal.demo.seed.load) before a population.")
    units = {code: (id_, days) for code, id_, days in session.execute(
        select(Organization.code, Organization.id, Organization.answer_days))}
    staff = {(number, code): (id_, person_id) for number, code, id_, person_id in session.execute(
        select(Person.national_id, Organization.code, Practitioner.id, Person.id)
        .join(Practitioner.person).join(Practitioner.unit))}
    gp_office, answer_days = units[GP.unit]
    gp, gp_person = staff[GP.national_id, GP.unit]
    return Refs(
        gp_office=gp_office, health_station=units[NURSE.unit][0], lab=units["st-olavs-lab"][0],
        gp=gp, gp_person=gp_person, nurse=staff[NURSE.national_id, NURSE.unit][0],
        answer_days=answer_days,
    )


def _person(seed: int, index: int, taken: set[str]) -> tuple[random.Random, dict]:
    """Draw one citizen; the generator returned goes on to draw the journal."""
    rng = random.Random(f"population:{seed}:{index}")
    male = rng.random() < 0.5
    national_id, born = _number(rng, male, taken)
    taken.add(national_id)
    given = rng.choice(MALE if male else FEMALE)
    family = rng.choice(FAMILY)
    postcode, city = rng.choices(PLACES, PLACE_WEIGHTS)[0]
    adult = (BORN_BY - born).days > 18 * 365
    mailbox = f"{given}.{family}{index}".lower().translate(str.maketrans("æøå", "eoa"))
    return rng, {
        "national_id": national_id, "given_name": given, "family_name": family,
        "birth_date": born, "street": f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
        "postcode": postcode, "city": city,
        "phone": f"+47 {rng.choice('49')}{rng.randrange(10**7):07d}" if adult else None,
        "email": f"{mailbox}@example.no" if adult else None,
    }


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


def _add_chunk(session, people: list[tuple[random.Random, dict]], refs: Refs,
               today: date) -> int:
    """Insert the people not already there, with their journals; return how many."""
    numbers = [person["national_id"] for _, person in people]
    there = set(session.scalars(select(Person.national_id).where(Person.national_id.in_(numbers))))
    new = [(rng, person) for rng, person in people if person["national_id"] not in there]
    for _, person in new:
        person["gp_unit_id"] = refs.gp_office
    ids = _insert_returning_ids(session, Person, [person for _, person in new])
    rows = Rows()
    for (rng, person), person_id in zip(new, ids, strict=True):
        add_journal(rows, rng, person_id, person, today, refs)
    _write(session, rows)
    return len(new)


def _write(session, rows: Rows) -> None:
    """Insert the journals' rows, giving results their visit and messages their thread."""
    visit_ids = _insert_returning_ids(session, Encounter, [visit for visit, _ in rows.visits])
    for (_, results), visit_id in zip(rows.visits, visit_ids, strict=True):
        for result in results:
            result["encounter_id"] = visit_id
    _insert(session, Observation, [r for _, results in rows.visits for r in results])
    _insert(session, Condition, rows.conditions)
    _insert(session, MedicationStatement, rows.medications)
    _insert(session, Prescription, rows.prescriptions)
    _insert(session, Immunization, rows.immunizations)
    thread_ids = _insert_returning_ids(session, Thread, [thread for thread, _, _ in rows.threads])
    messages, reads = [], []
    for (thread, thread_messages, read_at), thread_id in zip(rows.threads, thread_ids,
                                                              strict=True):
        messages += [{**message, "thread_id": thread_id} for message in thread_messages]
        if read_at:
            reads.append({"thread_id": thread_id, "person_id": thread["person_id"],
                          "read_at": read_at})
    _insert(session, Message, messages)
    _insert(session, ThreadRead, reads)


def _insert(session, model, rows: list[dict]) -> None:
    """Insert rows into the model's table in one executemany."""
    if rows:
        session.execute(insert(model.__table__), rows)


def _insert_returning_ids(session, model, rows: list[dict]) -> list[int]:
    """Insert rows into the model's table and return their new ids, in the rows' order."""
    if not rows:
        return []
    table = model.__table__
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())
