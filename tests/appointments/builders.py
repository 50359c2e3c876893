"""Builders for appointment tests: kinds of appointment and slots at a demo unit, in Oslo time,
and booking as a page does it: within the booker's scope of the person's appointments, as one
unit of work that commits."""

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from portal import db
from portal.appointments import services
from portal.appointments.areas import APPOINTMENTS
from portal.appointments.models import Appointment, Slot, SlotBooking, VisitType
from portal.clock import OSLO
from portal.journal.models import Person
from tests import factories as make

_codes = itertools.count(1)


def oslo(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """Return a moment given in Oslo time, as UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=OSLO).astimezone(UTC)


def persona(number: str) -> Person:
    """Return a demo persona by national identity number."""
    return db.session.scalar(select(Person).where(Person.national_id == number))


def visit_type(unit, *, minutes: int = 30, mode: str = "in_person", min_age=None, max_age=None,
               open_booking: bool = True, name: str = "Testtime") -> VisitType:
    """Add a kind of appointment at a unit."""
    row = VisitType(unit_id=unit.id, code=f"test-{next(_codes)}", name_nb=name,
                    name_nn=name, name_en=f"{name} (en)", duration_minutes=minutes, mode=mode,
                    min_age=min_age, max_age=max_age, open_booking=open_booking, active=True)
    db.session.add(row)
    db.session.flush()
    return row


def slot(kind: VisitType, start: datetime, *, practitioner=None) -> Slot:
    """Add a slot of a kind of appointment starting at a moment."""
    row = Slot(unit_id=kind.unit_id, visit_type_id=kind.id, start_at=start,
               end_at=start + timedelta(minutes=kind.duration_minutes),
               practitioner_id=practitioner.id if practitioner else None)
    db.session.add(row)
    db.session.flush()
    return row


def slots(kind: VisitType, first: datetime, count: int) -> list[Slot]:
    """Add slots one after another from a moment."""
    return [slot(kind, first + timedelta(minutes=kind.duration_minutes * i)) for i in range(count)]


def active_on(slot_row: Slot) -> list[Appointment]:
    """Return the bookings that hold a slot (there must never be more than one)."""
    return list(db.session.scalars(select(Appointment).where(
        Appointment.slot_id == slot_row.id, Appointment.status != "cancelled")))


def own(person: Person, now: datetime):
    """Return a person's own scope of their appointments, to book and change them."""
    return make.scope(person, person, APPOINTMENTS, now=now)


def staff_booking(staff: Person, person: Person, slot_row: Slot, now: datetime):
    """Return the scope staff of the slot's unit have for booking it for a person."""
    return make.scope(staff, person, APPOINTMENTS, now=now, purpose=SlotBooking.of(slot_row, person),
                      role="staff", unit_id=slot_row.unit_id)


def book(slot_row: Slot, person: Person, *, now: datetime | None = None, by: Person | None = None,
         channel: str = "self", reason: str | None = None) -> Appointment:
    """Book a slot as a page does, and commit: a citizen in their scope, staff for their unit."""
    now = now or db.utcnow()
    by = by or person
    scope = (staff_booking(by, person, slot_row, now) if channel == "staff"
             else make.scope(by, person, APPOINTMENTS, now=now))
    return services.committed(lambda: services.book(scope, slot_row, booked_by=by, channel=channel,
                                                    now=now, reason=reason))


def move(appointment: Appointment, new_slot: Slot, *, by: Person, now: datetime) -> Appointment:
    """Move an appointment in one step as a page does, in the mover's scope, and commit."""
    scope = make.scope(by, appointment.person, APPOINTMENTS, now=now)
    return services.committed(lambda: services.move(scope, appointment, new_slot, booked_by=by,
                                                    channel="self", now=now))


def cancel(appointment: Appointment, *, by: Person, now: datetime, by_staff: bool = False) -> None:
    """Cancel an appointment as a page does, and commit."""
    services.committed(lambda: services.cancel(appointment, cancelled_by=by, by_staff=by_staff,
                                               now=now))
