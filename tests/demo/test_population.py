"""The synthetic population: deterministic, valid numbers, and a journal for everyone."""

from datetime import date, timedelta

from sqlalchemy import func, select

from portal.applications.models import Application
from portal.appointments.models import Appointment
from portal.auth.models import LoginEvent
from portal.care.models import HomeCareVisit, Stay, VisitPlan
from portal.demo import population
from portal.demo.builders import at
from portal.demo.care import employees
from portal.demo.personas import PERSONAS
from portal.demo.population_data import MUNICIPALITIES
from portal.journal.entries import (
    Condition,
    Encounter,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.journal.models import GpListPeriod, Organization, Person, Practitioner
from portal.journal.national_id import parse
from portal.messages.models import Message, Thread, ThreadRead

TODAY = date(2026, 11, 23)
# The people seed.load adds: the personas and the home-care teams' employees.
SEEDED = {p.national_id for p in PERSONAS} | {e.national_id for e in employees()}
JOURNAL = (Encounter, Observation, Immunization, Condition, MedicationStatement, Thread,
           GpListPeriod, LoginEvent, VisitPlan, HomeCareVisit, Stay, Appointment, Application)


def synthetic(session) -> list[Person]:
    """Return the people added besides the personas, by national id."""
    return list(session.scalars(
        select(Person).where(Person.national_id.not_in(SEEDED))
        .order_by(Person.national_id)
    ))


def snapshot(session) -> dict:
    """Return what a run added: numbers, names, rows per table and every result's value."""
    people = synthetic(session)
    ids = [p.id for p in people]
    counts = {
        model.__name__: session.scalar(
            select(func.count()).select_from(model).where(model.person_id.in_(ids))
        )
        for model in JOURNAL
    }
    counts["Message"] = session.scalar(
        select(func.count()).select_from(Message).join(Thread).where(Thread.person_id.in_(ids))
    )
    results = session.execute(
        select(Person.national_id, Observation.code, Observation.value_quantity,
               Observation.effective_at)
        .join(Observation.person).where(Person.id.in_(ids))
        .order_by(Person.national_id, Observation.effective_at, Observation.code)
    ).all()
    appointments = session.execute(
        select(Person.national_id, Appointment.start_at, Appointment.channel, Appointment.status)
        .join(Appointment.person).where(Person.id.in_(ids))).all()
    cases = session.execute(
        select(Person.national_id, Application.submitted_at, Application.state)
        .join(Application.person).where(Person.id.in_(ids))).all()
    return {
        "people": [(p.national_id, p.given_name, p.family_name, p.street) for p in people],
        "counts": counts,
        "results": sorted(tuple(r) for r in results),  # ties in time may come back in any order
        "appointments": sorted(tuple(a) for a in appointments),
        "cases": sorted(tuple(c) for c in cases),
    }


def test_same_seed_gives_the_same_people_and_a_second_run_adds_nobody(db_session):
    first_run = db_session.begin_nested()
    assert population.add(db_session, 20, seed=7, today=TODAY) == 20
    first = snapshot(db_session)
    first_run.rollback()
    assert synthetic(db_session) == []

    assert population.add(db_session, 20, seed=7, today=TODAY) == 20
    assert snapshot(db_session) == first
    assert population.add(db_session, 20, seed=7, today=TODAY) == 0
    assert snapshot(db_session) == first


def test_a_larger_run_with_the_same_seed_adds_only_the_new_people(db_session):
    population.add(db_session, 10, seed=7, today=TODAY)
    before = {p.national_id for p in synthetic(db_session)}
    assert population.add(db_session, 15, seed=7, today=TODAY) == 5
    assert before < {p.national_id for p in synthetic(db_session)}


def test_a_different_seed_adds_different_people(db_session):
    population.add(db_session, 20, seed=1, today=TODAY)
    first = {p.national_id for p in synthetic(db_session)}
    assert population.add(db_session, 20, seed=2, today=TODAY) == 20
    second = {p.national_id for p in synthetic(db_session)} - first
    assert len(second) == 20 and not first & second


def test_numbers_are_valid_synthetic_and_never_a_personas(db_session):
    population.add(db_session, 50, seed=3, today=TODAY)
    units = {u.id: u for u in db_session.scalars(select(Organization))}
    places = {m.code: {postcode for postcode, *_ in m.places} for m in MUNICIPALITIES}
    people = synthetic(db_session)
    assert len(people) == 50
    for person in people:
        parsed = parse(person.national_id)
        assert parsed.synthetic and not parsed.d_number
        assert parsed.birth_date == person.birth_date
        assert person.national_id not in SEEDED
        assert 0 <= (TODAY - person.birth_date).days < 96 * 366
        home, office = units[person.municipality_id], units[person.gp_unit_id]
        assert (office.kind, office.part_of_id) == ("gp_office", home.id)
        assert person.street and person.postcode in places[home.code] and person.city


def test_everyone_gets_visits_and_results_and_adults_get_threads(db_session):
    population.add(db_session, 20, seed=5, today=TODAY)
    gps = {r.unit_id: r.person_id for r in db_session.scalars(
        select(Practitioner).where(Practitioner.role == "gp"))}
    for person in synthetic(db_session):
        assert db_session.scalar(select(func.count()).where(Encounter.person_id == person.id))
        assert db_session.scalar(select(func.count()).where(
            Observation.person_id == person.id, Observation.category == "laboratory"))
        threads = db_session.scalar(select(func.count()).where(Thread.person_id == person.id))
        adult = (TODAY - timedelta(days=1) - person.birth_date).days / 365.25 >= 16
        assert bool(threads) == adult
    for thread in db_session.scalars(select(Thread).join(Thread.person)
                                     .where(Person.national_id.not_in(SEEDED))):
        assert thread.messages[0].author_id == thread.person_id
        assert thread.last_message_at == thread.messages[-1].created_at
        staff = [m for m in thread.messages if m.author_role == "staff"]
        assert thread.unit_id == thread.person.gp_unit_id  # their own GP office answers
        assert all(m.author_id == gps[thread.unit_id] for m in staff)
        assert thread.status == "open" or staff


def test_results_are_flagged_and_released_as_their_category_says(db_session):
    population.add(db_session, 40, seed=5, today=TODAY)
    results = db_session.scalars(select(Observation).join(Observation.person).where(
        Person.national_id.not_in(SEEDED), Observation.category == "laboratory"
    )).all()
    flags = {r.interpretation for r in results}
    assert {"N", "H", "L"} <= flags
    for r in results:
        if r.interpretation == "N":
            assert r.ref_low is None or r.value_quantity >= r.ref_low
            assert r.ref_high is None or r.value_quantity <= r.ref_high
        if r.release_category == 1:
            assert r.released_at == r.issued_at


def test_every_moment_is_timezone_aware_and_within_eight_years_before_today(db_session):
    population.add(db_session, 20, seed=9, today=TODAY)
    ids = [p.id for p in synthetic(db_session)]
    moments = [
        *db_session.scalars(select(Encounter.start_at).where(Encounter.person_id.in_(ids))),
        *db_session.scalars(select(Encounter.end_at).where(Encounter.person_id.in_(ids))),
        *db_session.scalars(select(Observation.effective_at)
                            .where(Observation.person_id.in_(ids))),
        *db_session.scalars(select(Observation.issued_at).where(Observation.person_id.in_(ids),
                                                                Observation.issued_at.is_not(None))),
        *db_session.scalars(select(Observation.released_at)
                            .where(Observation.person_id.in_(ids),
                                   Observation.released_at.is_not(None))),
        *db_session.scalars(select(Thread.created_at).where(Thread.person_id.in_(ids))),
        *db_session.scalars(select(Thread.last_message_at).where(Thread.person_id.in_(ids))),
        *db_session.scalars(select(Message.created_at).join(Thread)
                            .where(Thread.person_id.in_(ids))),
        *db_session.scalars(select(ThreadRead.read_at).where(ThreadRead.person_id.in_(ids))),
    ]
    assert len(moments) > 100
    assert all(m.tzinfo is not None and m.utcoffset() == timedelta(0) for m in moments)
    assert at(TODAY - timedelta(days=8 * 365 + 2), 0) < min(moments)
    assert max(moments) < at(TODAY, 0)
    assert min(moments) < at(TODAY - timedelta(days=365), 0)
    assert all(p.created_at.tzinfo is not None for p in synthetic(db_session))
