"""The synthetic population's GP appointments (DOMAIN.md, "Appointments"): at the person's own
GP office, booked in the portal or by the office, kept, missed or cancelled, never two at
once for a person; and the kinds of appointment every demo GP office offers."""

import random
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.appointments.models import Appointment, Slot, VisitType
from portal.clock import OSLO, age_on
from portal.demo import population
from portal.demo.builders import at
from portal.demo.population_appointments import Bookings, add_appointments
from portal.demo.population_data import MUNICIPALITIES
from portal.demo.population_journal import Refs
from portal.demo.population_units import Kind, Local
from portal.journal.models import Organization, Person, Practitioner
from tests.demo.test_population import TODAY, synthetic

N, SEED = 300, 8
NOW = at(TODAY, 0)


@pytest.fixture
def people(db_session) -> dict[int, Person]:
    """Add a few hundred synthetic citizens and return them by id."""
    assert population.add(db_session, N, seed=SEED, today=TODAY) == N
    return {p.id: p for p in synthetic(db_session)}


def appointments(session, people: dict[int, Person]) -> list[Appointment]:
    """Return the people's appointments, oldest first."""
    return list(session.scalars(select(Appointment).where(Appointment.person_id.in_(people))
                                .order_by(Appointment.start_at)))


def test_every_gp_office_offers_ordinary_appointments_for_adults_and_children(db_session):
    """Visit types belong to a unit and have an age range; Ørland's are as before."""
    offices = db_session.scalars(select(Organization).where(Organization.kind == "gp_office"))
    for office in offices:
        kinds = {k.code: k for k in db_session.scalars(
            select(VisitType).where(VisitType.unit_id == office.id))}
        adults, children = kinds["vanlig-legetime"], kinds["legetime-barn"]
        assert (adults.min_age, adults.max_age, children.min_age, children.max_age) == (
            16, None, 0, 15)
        assert adults.open_booking and children.open_booking and adults.mode == "in_person"
    assert db_session.scalar(select(func.count()).select_from(VisitType).join(Organization)
                             .where(Organization.code == "orland-legekontor")) == 4


def test_each_gp_office_has_self_and_staff_booked_appointments_of_its_own_people(db_session,
                                                                                people):
    """Booked at the person's own GP office (fastlegeordningen), of a kind that fits their age
    on the day; in the portal by the person, 16 or over, or else by the office's GP."""
    gps = {r.unit_id: r.person_id for r in db_session.scalars(
        select(Practitioner).where(Practitioner.role == "gp"))}
    channels: dict[int, Counter] = defaultdict(Counter)
    for appointment in appointments(db_session, people):
        person, slot = people[appointment.person_id], appointment.slot
        kind = slot.visit_type
        assert slot.unit_id == kind.unit_id == person.gp_unit_id
        assert slot.practitioner_id is None  # the office's time, not one doctor's
        assert (appointment.start_at, appointment.end_at) == (slot.start_at, slot.end_at)
        assert slot.end_at - slot.start_at == timedelta(minutes=kind.duration_minutes)
        age = age_on(person.birth_date, slot.start_at.astimezone(OSLO).date())
        assert (kind.min_age or 0) <= age <= (kind.max_age or age)
        if appointment.channel == "self":
            assert appointment.booked_by_id == person.id and age >= 16 and kind.open_booking
        else:
            assert appointment.booked_by_id == gps[slot.unit_id]
        channels[slot.unit_id][appointment.channel] += 1
    assert len(channels) == len(MUNICIPALITIES)
    assert all(found["self"] and found["staff"] for found in channels.values())


def test_attendance_is_recorded_for_the_past_and_bookings_are_ahead(db_session, people):
    """Past appointments were attended, missed or cancelled; the coming four weeks are
    booked. Each was made before it starts; a cancellation comes between, by the person in
    the portal until 24 hours before, else by the office; staff saw all."""
    gps = {r.unit_id: r.person_id for r in db_session.scalars(
        select(Practitioner).where(Practitioner.role == "gp"))}
    statuses = Counter()
    for appointment in appointments(db_session, people):
        start = appointment.start_at
        statuses[appointment.status] += 1
        assert appointment.created_at < min(start, NOW)
        assert appointment.staff_seen_at is not None and appointment.staff_seen_at < NOW
        if start < NOW:
            assert appointment.status in ("attended", "no_show", "cancelled")
            assert start > NOW - timedelta(days=2 * 365 + 3)
        else:
            assert appointment.status == "booked" and start < NOW + timedelta(days=31)
        if appointment.status == "cancelled":
            assert appointment.created_at < appointment.cancelled_at < start
            if appointment.cancelled_by_id == appointment.person_id:
                assert appointment.channel == "self" and not appointment.cancelled_by_unit
                assert appointment.cancelled_at <= start - timedelta(hours=24)
            else:
                assert appointment.cancelled_by_id == gps[appointment.slot.unit_id]
    assert {"attended", "no_show", "cancelled", "booked"} <= set(statuses)
    assert statuses["attended"] > 10 * statuses["no_show"]


def test_no_person_holds_two_overlapping_appointments_and_a_slot_holds_one(db_session, people):
    """A slot holds one booking; a person cannot hold two overlapping appointments."""
    mine: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in appointments(db_session, people):
        if appointment.status != "cancelled":
            mine[appointment.person_id].append(appointment)
    assert sum(len(rows) for rows in mine.values()) > N
    for rows in mine.values():
        for before, after in zip(rows, rows[1:], strict=False):
            assert before.end_at <= after.start_at
    per_slot = db_session.execute(select(Appointment.slot_id, func.count())
                                  .where(Appointment.person_id.in_(people))
                                  .group_by(Appointment.slot_id)).all()
    assert {count for _, count in per_slot} == {1}
    assert db_session.scalar(select(func.count()).select_from(Slot).where(
        Slot.id.in_([slot for slot, _ in per_slot]))) == len(per_slot)


def _drawn(code: str, n: int) -> list[dict]:
    """Draw the appointments of n people of a municipality, without a database."""
    home = next(m for m in MUNICIPALITIES if m.code == code)
    refs = Refs(gp_office=2, health_station=None, lab=3, gp=4, gp_person=5, nurse=None,
                answer_days=3, answered_in_time=home.habits.answered_in_time)
    local = Local(municipality=1, gp_offices=(2,), teams={}, nursing_home=6, journal=refs,
                  kinds=(Kind(7, 20, 16, None, True), Kind(8, 20, 0, 15, True),
                         Kind(9, 40, 16, None, False)))
    rows = Bookings()
    for i in range(n):
        rng = random.Random(f"appointments:{code}:{i}")
        born = TODAY - timedelta(days=rng.randint(0, 90 * 365))
        add_appointments(rows, rng, i, born, TODAY, local, home.habits)
    return [appointment for _, appointment in rows.rows]


@pytest.mark.parametrize("home", MUNICIPALITIES, ids=lambda m: m.code)
def test_self_booked_appointments_are_missed_less_often(home):
    """Statistics keep the channel and attendance, because self-booked appointments have fewer
    no-shows: about 2-4 % against 5-8 %; 55-65 % are booked in the portal."""
    rows = _drawn(home.code, 6000)
    assert len(rows) < 6000 * 2.5  # about 250,000 at 100,000 people, at most
    kept = Counter((r["channel"], r["status"]) for r in rows)

    def no_shows(channel: str) -> float:
        """Return the share missed of the channel's appointments whose attendance is known."""
        return kept[channel, "no_show"] / (kept[channel, "no_show"] + kept[channel, "attended"])

    assert 0.015 < no_shows("self") < 0.045
    assert 0.045 < no_shows("staff") < 0.09
    self_booked = sum(n for (channel, _), n in kept.items() if channel == "self") / len(rows)
    assert 0.5 < self_booked < 0.7
    assert 0.03 < sum(n for (_, s), n in kept.items() if s == "cancelled") / len(rows) < 0.07
