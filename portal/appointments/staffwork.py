"""The unit's side of appointments: schedules and slots, the day list, attendance, notices,
and the statistics the dashboard reads (DOMAIN.md, "Appointments").
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import joinedload

from portal import db
from portal.appointments import listing
from portal.appointments.models import Appointment, Schedule, Slot, VisitType, WaitlistEntry
from portal.appointments.services import BookingError
from portal.clock import OSLO
from portal.journal import units
from portal.journal.models import Practitioner

MAX_PUBLISH = timedelta(weeks=26)
OUTCOMES = ("attended", "no_show")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Return the start and end of a day in Oslo, as UTC moments."""
    start = datetime.combine(day, time(), OSLO)
    return start.astimezone(UTC), datetime.combine(day + timedelta(days=1), time(), OSLO).astimezone(UTC)


def publish_slots(schedule: Schedule, start: date, end: date, *, now: datetime) -> int:
    """Publish a schedule's slots for the dates from start to end (inclusive); return how many.

    Slots follow one another for the visit type's duration from the schedule's start time
    until one would end after its end time, in Oslo time. Publishing again adds nothing: a
    time already offered by the same practitioner (or unit, without one) is skipped, and so
    is a time that has passed.
    """
    visit_type = db.session.get(VisitType, schedule.visit_type_id)
    if end < start:
        raise BookingError(_("The last date must be on or after the first."))
    if end - start > MAX_PUBLISH:
        raise BookingError(_("Publish at most 26 weeks at a time."))
    if not visit_type.active:
        raise BookingError(_("This kind of appointment is no longer offered."))
    first, last = day_bounds(start)[0], day_bounds(end)[1]
    taken = _taken_periods(schedule, first, last)
    added = 0
    for begins, ends in slot_times(schedule, visit_type.duration_minutes, start, end):
        if begins > now and not any(s < ends and begins < e for s, e in taken):
            db.session.add(Slot(unit_id=schedule.unit_id, visit_type_id=visit_type.id,
                                practitioner_id=schedule.practitioner_id,
                                schedule_id=schedule.id, start_at=begins, end_at=ends))
            taken.append((begins, ends))
            added += 1
    db.session.flush()
    return added


def slot_times(schedule: Schedule, minutes: int, start: date, end: date):
    """Yield the (start, end) moments in UTC of a schedule's slots on the dates start to end."""
    length = timedelta(minutes=minutes)
    day = start
    while day <= end:
        if day.weekday() == schedule.weekday:
            moment = datetime.combine(day, schedule.start_time, OSLO)
            stop = datetime.combine(day, schedule.end_time, OSLO)
            while moment + length <= stop:
                yield moment.astimezone(UTC), (moment + length).astimezone(UTC)
                moment += length
        day += timedelta(days=1)


def _taken_periods(schedule: Schedule, first: datetime, last: datetime) -> list[tuple]:
    """Return the periods already offered by the schedule's practitioner (or unit and kind)."""
    query = select(Slot.start_at, Slot.end_at).where(Slot.start_at < last, Slot.end_at > first)
    if schedule.practitioner_id is not None:
        query = query.where(Slot.practitioner_id == schedule.practitioner_id)
    else:
        # Without a named practitioner the unit may run several in parallel: only the same
        # kind of appointment at the same time counts as already published.
        query = query.where(Slot.unit_id == schedule.unit_id, Slot.practitioner_id.is_(None),
                            Slot.visit_type_id == schedule.visit_type_id)
    return list(db.session.execute(query))


def add_schedule(unit_id: int, visit_type: VisitType, *, weekday: int, start: time, end: time,
                 practitioner: Practitioner | None) -> Schedule:
    """Add a weekly pattern for a visit type of the unit."""
    if visit_type.unit_id != unit_id or (practitioner and practitioner.unit_id != unit_id):
        raise BookingError(_("Choose a kind of appointment and a person from your own unit."))
    minutes = (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds // 60
    if end <= start or minutes < visit_type.duration_minutes:
        raise BookingError(_("The period must be at least as long as one appointment."))
    schedule = Schedule(unit_id=unit_id, visit_type_id=visit_type.id, weekday=weekday,
                        start_time=start, end_time=end,
                        practitioner_id=practitioner.id if practitioner else None)
    db.session.add(schedule)
    db.session.flush()
    return schedule


def remove_schedule(schedule: Schedule, *, now: datetime) -> int:
    """Remove a weekly pattern and its future slots never booked; return how many went.

    Slots that have had a booking stay (the appointment refers to them), without the pattern.
    """
    ever_booked = exists(select(Appointment.id).where(Appointment.slot_id == Slot.id))
    ever_offered = exists(select(WaitlistEntry.id).where(WaitlistEntry.offered_slot_id == Slot.id))
    removed = db.session.execute(
        delete(Slot).where(Slot.schedule_id == schedule.id, Slot.start_at > now, ~ever_booked,
                           ~ever_offered).execution_options(synchronize_session=False)).rowcount
    db.session.execute(update(Slot).where(Slot.schedule_id == schedule.id).values(schedule_id=None)
                       .execution_options(synchronize_session=False))
    db.session.delete(schedule)
    db.session.flush()
    return removed


@dataclass(frozen=True)
class DayRow:
    """One slot of the day list, with the appointment that holds it, if any."""

    slot: Slot
    appointment: Appointment | None


def _on(day: date) -> list:
    """Return the conditions for appointments starting on a day in Oslo."""
    first, last = day_bounds(day)
    return [Appointment.start_at >= first, Appointment.start_at < last]


def day_list(scope, day: date) -> tuple[list[DayRow], list[Appointment]]:
    """Return the unit's slots of a day with the bookings its scope sees, and the cancellations.

    The slots are the unit's own (no one's data); the appointments come through the scope.
    """
    first, last = day_bounds(day)
    slots = db.session.scalars(
        select(Slot).where(Slot.unit_id.in_(units.served_by(scope.actor.unit_id)),
                           Slot.start_at >= first,
                           Slot.start_at < last)
        .options(joinedload(Slot.visit_type), joinedload(Slot.practitioner))
        .order_by(Slot.start_at, Slot.id)).unique().all()
    day_rows = scope.rows(scope.select(Appointment, *_on(day))
                          .order_by(Appointment.start_at, Appointment.id))
    booked = {a.slot_id: a for a in day_rows if a.status != "cancelled"}
    cancelled = [a for a in day_rows if a.status == "cancelled"]
    return [DayRow(slot, booked.get(slot.id)) for slot in slots], cancelled


def mark_attendance(appointment: Appointment, outcome: str, *, now: datetime) -> None:
    """Record that the person came or did not come, once the appointment has begun."""
    if outcome not in OUTCOMES:
        raise BookingError(_("Choose whether the person came."))
    if appointment.status == "cancelled":
        raise BookingError(_("This appointment was cancelled."))
    if now < appointment.start_at:
        raise BookingError(_("Attendance can be recorded once the appointment has begun."))
    appointment.status = outcome
    appointment.staff_seen_at = appointment.staff_seen_at or now
    db.session.flush()


def _unmarked(now: datetime, days: int) -> list:
    """Return the conditions for appointments of the last days ended without attendance."""
    return [Appointment.status == "booked", Appointment.end_at <= now,
            Appointment.end_at > now - timedelta(days=days)]


def unmarked(scope, now: datetime, *, days: int = 14) -> list[Appointment]:
    """Return the unit's appointments of the last days that ended without attendance recorded."""
    return scope.rows(scope.select(Appointment, *_unmarked(now, days))
                      .order_by(Appointment.start_at))


def unseen_changes(scope, *, limit: int = 100) -> list[Appointment]:
    """Return bookings and cancellations made in the portal that the unit has not seen."""
    return scope.rows(
        scope.select(Appointment, Appointment.staff_seen_at.is_(None))
        .order_by(func.coalesce(Appointment.cancelled_at, Appointment.created_at).desc())
        .limit(limit))


@dataclass(frozen=True)
class Notices:
    """What the workspace tells the unit about appointments (numbers only)."""

    bookings: int = 0
    cancellations: int = 0
    unmarked: int = 0

    def __bool__(self) -> bool:
        return bool(self.bookings or self.cancellations or self.unmarked)


def notices(unit_id: int, now: datetime) -> Notices:
    """Count unseen portal bookings and cancellations, and past visits without attendance."""
    def how_many(*conditions):
        return (select(func.count()).select_from(Appointment)
                .join(Slot, Slot.id == Appointment.slot_id)
                .where(Slot.unit_id.in_(units.served_by(unit_id)), *conditions)
                .scalar_subquery())

    unseen = Appointment.staff_seen_at.is_(None)
    bookings, cancellations, stale = db.session.execute(select(
        how_many(unseen, Appointment.status != "cancelled"),
        how_many(unseen, Appointment.status == "cancelled"),
        how_many(*_unmarked(now, 14)))).one()
    return Notices(bookings=bookings, cancellations=cancellations, unmarked=stale)


def mark_seen(scope, appointment_ids: list[int], now: datetime) -> int:
    """Note that the unit has seen these changes (of its scope); return how many were new."""
    done = db.session.execute(
        update(Appointment)
        .where(Appointment.id.in_(appointment_ids), *scope.where(Appointment),
               Appointment.staff_seen_at.is_(None))
        .values(staff_seen_at=now).execution_options(synchronize_session=False))
    return done.rowcount


@dataclass
class Statistics:
    """Appointments of a unit in a period, by booking channel and by outcome."""

    by_channel: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_channel_and_outcome: dict[tuple[str, str], int] = field(default_factory=dict)

    def no_show_rate(self, channel: str) -> float | None:
        """Return the share of no-shows among the channel's visits with attendance recorded."""
        came = self.by_channel_and_outcome.get((channel, "attended"), 0)
        missed = self.by_channel_and_outcome.get((channel, "no_show"), 0)
        return missed / (came + missed) if came + missed else None


def statistics(unit_id: int, start: date, end: date) -> Statistics:
    """Count a unit's appointments starting from start to end (inclusive, Oslo dates).

    An appointment that was moved counts once, as its new time: the old one is not a
    cancellation (DOMAIN.md: self-booked appointments have fewer no-shows; the municipality
    wants to see it).
    """
    moved = listing.was_moved()
    rows = db.session.execute(
        select(Appointment.channel, Appointment.status, func.count())
        .join(Slot, Slot.id == Appointment.slot_id)
        .where(Slot.unit_id == unit_id, Appointment.start_at >= day_bounds(start)[0],
               Appointment.start_at < day_bounds(end)[1], ~moved)
        .group_by(Appointment.channel, Appointment.status))
    stats = Statistics(by_channel={"self": 0, "staff": 0},
                       by_outcome={"booked": 0, "attended": 0, "no_show": 0, "cancelled": 0})
    for channel, status, count in rows:
        stats.by_channel[channel] += count
        stats.by_outcome[status] += count
        stats.by_channel_and_outcome[(channel, status)] = count
    return stats
