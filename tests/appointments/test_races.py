"""Races, with real threads and sessions of their own against the shared test database.

DOMAIN.md, "Appointments": a slot holds one booking; two citizens racing for one slot:
exactly one wins, the other gets a clear message and a list of the nearest free slots.
This runs on SQLite by default and on PostgreSQL with TEST_DATABASE_URL. Services do not
commit: each thread's unit of work commits through services.committed(), as a page does,
outside the per-test rollback, so each test removes what it made.
"""

import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from portal import db
from portal.appointments import services
from portal.appointments.models import Appointment, Slot, VisitType, WaitlistEntry
from portal.appointments.services import BookingError, SlotTaken
from portal.journal.models import Organization, Person
from portal.journal.national_id import with_check_digits
from portal.notices import Delivery, Notice
from tests.appointments import builders as b

THREADS = 8
ROUNDS = 4
NOW = datetime.now(UTC)
VISIT = (NOW + timedelta(days=60)).replace(hour=8, minute=0, second=0, microsecond=0)


@dataclass
class Made:
    """Rows committed to the shared database for one test."""

    kind_id: int
    slot_ids: list[int]
    person_ids: list[int]


def _people(session, count: int) -> list[Person]:
    """Add people aged 30 with valid synthetic numbers that no one else uses."""
    made, serial = [], 420
    while len(made) < count:
        serial += 1
        number = with_check_digits(f"0181{96:02d}{serial:03d}")
        if number and session.scalar(select(Person.id).where(Person.national_id == number)) is None:
            made.append(Person(national_id=number, given_name="Rask", family_name=f"Racer{serial}",
                               birth_date=date(1996, 1, 1), phone="+47 900 00 000"))
            session.add(made[-1])
            session.flush()
    return made


@pytest.fixture
def made(app):
    """Commit a kind of appointment with slots and people; remove it all afterwards."""
    engine = app.extensions["engine"]
    with Session(engine) as session:
        unit = session.scalar(select(Organization).where(Organization.code == "orland-legekontor"))
        kind = VisitType(unit_id=unit.id, code="race-test", name_nb="Kappløp", name_nn="Kappløp",
                         name_en="Race", duration_minutes=20, open_booking=True)
        session.add(kind)
        session.flush()
        slots = [Slot(unit_id=unit.id, visit_type_id=kind.id, start_at=VISIT + timedelta(minutes=20 * i),
                      end_at=VISIT + timedelta(minutes=20 * (i + 1))) for i in range(THREADS * 2)]
        session.add_all(slots)
        people = _people(session, THREADS)
        for person in people:
            person.gp_unit_id = unit.id
        session.commit()
        rows = Made(kind.id, [s.id for s in slots], [p.id for p in people])
    try:
        yield rows
    finally:
        with Session(engine) as session:  # leave the shared database as the seed made it
            mine = or_(Appointment.slot_id.in_(rows.slot_ids), Appointment.person_id.in_(rows.person_ids))
            session.execute(delete(WaitlistEntry).where(WaitlistEntry.person_id.in_(rows.person_ids)))
            session.execute(delete(Appointment).where(mine))
            theirs = select(Notice.id).where(Notice.person_id.in_(rows.person_ids))
            session.execute(delete(Delivery).where(Delivery.notice_id.in_(theirs)))
            session.execute(delete(Notice).where(Notice.person_id.in_(rows.person_ids)))
            session.execute(delete(Slot).where(Slot.id.in_(rows.slot_ids)))
            session.execute(delete(VisitType).where(VisitType.id == rows.kind_id))
            session.execute(delete(Person).where(Person.id.in_(rows.person_ids)))
            session.commit()


def _together(app, jobs) -> list:
    """Run each job in a thread of its own, all released at once; return what each gave."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        with app.test_request_context("/?lang=en"):
            try:
                barrier.wait()
                results[index] = job()
            except Exception as exc:  # what each thread met is the test's to judge
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _book(slot_id: int, person_id: int):
    """Book in this thread's own session and commit it, as the page does; return "booked" or
    the refusal with its alternatives."""
    slot, person = db.session.get(Slot, slot_id), db.session.get(Person, person_id)
    try:
        scope = b.own(person, NOW)
        services.committed(lambda: services.book(scope, slot, booked_by=person, channel="self",
                                                 now=NOW))
    except SlotTaken as exc:
        return str(exc), [s.id for s in exc.alternatives]
    return "booked"


def test_many_threads_racing_for_one_slot_give_exactly_one_booking(app, made):
    """DOMAIN.md: exactly one wins; the others get a clear message and the nearest free slots."""
    target = made.slot_ids[THREADS // 2]
    results = _together(app, [partial(_book, target, p) for p in made.person_ids])
    assert results.count("booked") == 1, results
    losers = [r for r in results if r != "booked"]
    assert len(losers) == THREADS - 1 and all(isinstance(r, tuple) for r in losers), [
        r for r in losers if not isinstance(r, tuple)]
    for message, alternatives in losers:
        assert message.startswith("Someone else booked this time just before you.")
        assert len(alternatives) == 5 and target not in alternatives
        assert set(alternatives) <= set(made.slot_ids)
    with Session(app.extensions["engine"]) as session:
        held = session.scalar(select(func.count()).select_from(Appointment).where(
            Appointment.slot_id == target, Appointment.status != "cancelled"))
        told = session.scalars(select(Notice.person_id).where(
            Notice.person_id.in_(made.person_ids), Notice.kind == "appointment_booked")).all()
        winner = session.scalar(select(Appointment.person_id).where(
            Appointment.slot_id == target, Appointment.status != "cancelled"))
    assert (held, told) == (1, [winner])  # and only the winner's confirmation is queued


def _reschedule(appointment_id: int, slot_id: int):
    """Move an appointment in this thread's own session, and commit it."""
    appointment = db.session.get(Appointment, appointment_id)
    person = db.session.get(Person, appointment.person_id)
    try:
        scope, slot = b.own(person, NOW), db.session.get(Slot, slot_id)
        return services.committed(lambda: services.move(
            scope, appointment, slot, booked_by=person, channel="self", now=NOW)).id
    except BookingError as exc:
        return exc


def _cancel(appointment_id: int):
    """Cancel an appointment in this thread's own session, and commit it."""
    appointment = db.session.get(Appointment, appointment_id)
    person = db.session.get(Person, appointment.person_id)
    try:
        services.committed(lambda: services.cancel(appointment, cancelled_by=person, now=NOW))
    except BookingError as exc:
        return exc
    return "cancelled"


def test_a_reschedule_racing_a_cancel_leaves_one_consistent_outcome(app, made):
    """Exactly one of the two wins; the person never ends with a booking they cancelled."""
    engine = app.extensions["engine"]
    outcomes = []
    for round_ in range(ROUNDS):
        old_slot, new_slot = made.slot_ids[2 * round_], made.slot_ids[2 * round_ + 1]
        person_id = made.person_ids[round_]
        with app.test_request_context("/?lang=en"):
            person = db.session.get(Person, person_id)
            appointment_id = b.book(db.session.get(Slot, old_slot), person, now=NOW).id
            db.session.remove()
        moved, cancelled = _together(app, [partial(_reschedule, appointment_id, new_slot),
                                           partial(_cancel, appointment_id)])
        with Session(engine) as session:
            old = session.get(Appointment, appointment_id)
            on_new = session.scalars(select(Appointment).where(
                Appointment.slot_id == new_slot, Appointment.status != "cancelled")).all()
        assert old.status == "cancelled"
        if cancelled == "cancelled":
            assert isinstance(moved, BookingError) and on_new == [], (moved, on_new)
            outcomes.append("cancel won")
        else:
            assert isinstance(cancelled, BookingError), cancelled
            assert [a.id for a in on_new] == [moved] and on_new[0].rescheduled_from_id == old.id
            outcomes.append("move won")
    assert len(outcomes) == ROUNDS
