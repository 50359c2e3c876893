"""Finding appointments and free times: what a person has, may book, and the nearest free slots.

A person's appointments are read through the reader's scope, so a parent of a 12-15 year
old sees the GP office and health station only, never the youth health station (DOMAIN.md,
"Children 12-15"); free times are offered from the same scope, so a time is left out for
clashing only with appointments the reader may see (a hidden one is not betrayed by a gap).
"""

from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import joinedload

from portal import clock, db
from portal.appointments.models import Appointment, Slot, VisitType, WaitlistEntry
from portal.journal.models import Organization

HORIZON = timedelta(days=56)  # how far ahead citizens can book
NEAREST = 5
PAST_LIMIT = 50


def local_date(moment: datetime) -> date:
    """Return the date of a moment in Oslo."""
    return moment.astimezone(clock.OSLO).date()


def age_fits(visit_type: VisitType, person, day: date) -> bool:
    """Tell whether the person's age on the day of the visit is within the visit type's range."""
    age = clock.age_on(person.birth_date, day)
    return ((visit_type.min_age is None or age >= visit_type.min_age)
            and (visit_type.max_age is None or age <= visit_type.max_age))


def with_slot():
    """Load an appointment's slot with its visit type, unit and practitioner."""
    slot = joinedload(Appointment.slot)
    return (slot.joinedload(Slot.visit_type), slot.joinedload(Slot.unit),
            slot.joinedload(Slot.practitioner))


def listed():
    """Load what a list of appointments shows: the slot with its visit type and unit, not
    who it is with (the appointment's own page shows that); touching it is an error, not a
    query per row (issue 22: lists read only what they show)."""
    slot = joinedload(Appointment.slot)
    return (slot.joinedload(Slot.visit_type), slot.joinedload(Slot.unit),
            slot.raiseload(Slot.practitioner))


# The appointment a moved one was moved to, made once (an alias of a mapped class costs
# about a millisecond to build; issue 22).
_LATER = Appointment.__table__.alias()


def was_moved():
    """Return whether an appointment was moved: a later one was booked in its place."""
    return exists(select(_LATER.c.id).where(_LATER.c.rescheduled_from_id == Appointment.id))


def _not_moved():
    """Leave out appointments that were moved: their successor stands for them."""
    return ~was_moved()


def appointments_of(scope, *, now: datetime) -> tuple[list, list]:
    """Return the scope's upcoming appointments (soonest first) and earlier ones (newest first)."""
    upcoming = scope.rows(
        scope.select(Appointment, Appointment.status == "booked", Appointment.end_at > now)
        .options(*listed()).order_by(Appointment.start_at))
    past = scope.rows(
        scope.select(Appointment, or_(Appointment.status != "booked", Appointment.end_at <= now),
                     _not_moved())
        .options(*listed()).order_by(Appointment.start_at.desc()).limit(PAST_LIMIT))
    return upcoming, past


def next_appointment_question(scope, *, now: datetime):
    """Return the id of the scope's next booked appointment, as a scalar subquery to ask with
    others (the home page's card)."""
    return scope.first_of(Appointment.id, Appointment, Appointment.status == "booked",
                          Appointment.end_at > now,
                          order_by=(Appointment.start_at, Appointment.id))


def appointments_in(wanted: list[tuple[object, int]]) -> dict[int, Appointment]:
    """Return appointments by id, each read through its own scope, with their slots, in one
    query (the next appointment of every person on the home page)."""
    if not wanted:
        return {}
    found = db.session.scalars(select(Appointment).where(or_(*(
        and_(Appointment.id == appointment_id, *scope.where(Appointment))
        for scope, appointment_id in wanted))).options(*listed())).unique()
    return {appointment.id: appointment for appointment in found}


def bookable_visit_types(person, *, unit_kinds, today: date) -> list[VisitType]:
    """Return the visit types open for self-booking that the person fits within the horizon.

    The age range is checked for the visits' own dates, so a 12-year-old who turns 13 in two
    weeks already sees the youth health station (with times from the birthday on). GP
    appointments are booked at one's own GP office (fastlegeordningen).
    """
    query = (select(VisitType).join(Organization, Organization.id == VisitType.unit_id)
             .where(VisitType.active.is_(True), VisitType.open_booking.is_(True))
             .options(joinedload(VisitType.unit)).order_by(Organization.name, VisitType.name_nb))
    if unit_kinds is not None:
        query = query.where(Organization.kind.in_(unit_kinds))
    youngest = clock.age_on(person.birth_date, today)
    oldest = clock.age_on(person.birth_date, today + HORIZON)
    return [vt for vt in db.session.scalars(query)
            if (vt.unit.kind != "gp_office" or vt.unit_id == person.gp_unit_id)
            and (vt.max_age is None or youngest <= vt.max_age)
            and (vt.min_age is None or oldest >= vt.min_age)]


def active_slot_ids():
    """Return a subquery of the slots that hold a booking."""
    return select(Appointment.slot_id).where(Appointment.status != "cancelled")


def held_slot_ids(now: datetime, person_id: int | None):
    """Return a subquery of slots held by a waiting-list offer to someone else."""
    query = select(WaitlistEntry.offered_slot_id).where(
        WaitlistEntry.status == "offered", WaitlistEntry.offer_expires_at > now)
    if person_id is not None:
        query = query.where(WaitlistEntry.person_id != person_id)
    return query


def _coming(now: datetime, ignore_id: int | None) -> list:
    """Return the conditions for appointments still to come, leaving one out."""
    conditions = [Appointment.status != "cancelled", Appointment.end_at > now]
    if ignore_id is not None:
        conditions.append(Appointment.id != ignore_id)
    return conditions


def busy_periods(scope, now: datetime, *, ignore_id: int | None = None) -> list[tuple]:
    """Return the (start, end) of the appointments still to come that the scope sees."""
    return [tuple(row) for row in scope.execute(
        select(Appointment.start_at, Appointment.end_at)
        .where(*scope.where(Appointment), *_coming(now, ignore_id)))]


def all_busy_periods(person, now: datetime, *, ignore_id: int | None = None) -> list[tuple]:
    """Return the (start, end) of all the person's appointments to come (for jobs, not pages)."""
    return [tuple(row) for row in db.session.execute(
        select(Appointment.start_at, Appointment.end_at)
        .where(Appointment.person_id == person.id, *_coming(now, ignore_id)))]


def overlaps(periods: list[tuple], start: datetime, end: datetime) -> bool:
    """Tell whether a period overlaps any of the (start, end) periods."""
    return any(b_start < end and start < b_end for b_start, b_end in periods)


def free_slots(visit_type: VisitType, scope, *, now: datetime, start: datetime | None = None,
               end: datetime | None = None, limit: int = 300, latest_first: bool = False,
               ignore: Appointment | None = None) -> list[Slot]:
    """Return free slots of a visit type that the scope's person may take: age fits, no clash."""
    person = scope.subject
    query = select(Slot).where(
        Slot.visit_type_id == visit_type.id, Slot.start_at > now,
        Slot.id.not_in(active_slot_ids()), Slot.id.not_in(held_slot_ids(now, person.id)))
    if start is not None:
        query = query.where(Slot.start_at >= start)
    if end is not None:
        query = query.where(Slot.start_at < end)
    order = Slot.start_at.desc() if latest_first else Slot.start_at
    rows = db.session.scalars(query.options(joinedload(Slot.unit), joinedload(Slot.visit_type),
                                            joinedload(Slot.practitioner))
                              .order_by(order).limit(limit)).unique().all()
    busy = busy_periods(scope, now, ignore_id=ignore.id if ignore else None)
    return [s for s in rows if age_fits(visit_type, person, local_date(s.start_at))
            and not overlaps(busy, s.start_at, s.end_at)]


def nearest_free(scope, slot: Slot, now: datetime, *,
                 ignore: Appointment | None = None) -> list[Slot]:
    """Return the free slots of the same visit type nearest in time to a slot, in time order."""
    visit_type = db.session.get(VisitType, slot.visit_type_id)
    later = free_slots(visit_type, scope, now=now, start=slot.start_at, limit=NEAREST * 3,
                       ignore=ignore)
    earlier = free_slots(visit_type, scope, now=now, end=slot.start_at, limit=NEAREST * 3,
                         latest_first=True, ignore=ignore)
    found = [s for s in later + earlier if s.id != slot.id]
    found.sort(key=lambda s: abs(s.start_at - slot.start_at))
    return sorted(found[:NEAREST], key=lambda s: s.start_at)
