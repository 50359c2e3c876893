"""Waiting lists for an earlier time, and the job that offers freed times (DOMAIN.md).

A citizen asks to be offered an earlier time of a visit type, optionally instead of the
appointment they hold. When a booked time is cancelled, the job offers it to the first on
the list for whom it is earlier and fits; the offer holds the time for a limited period,
then expires and the time goes to the next. The job is safe to run again and on several
hosts at once: each slot is claimed with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL
(SQLite has one writer and ignores it), and each change is a conditional UPDATE.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError

from portal import db
from portal.appointments import notify, services
from portal.appointments.areas import bookable_unit_kinds
from portal.appointments.labels import moment_text
from portal.appointments.listing import (
    active_slot_ids,
    age_fits,
    all_busy_periods,
    local_date,
    overlaps,
)
from portal.appointments.models import Appointment, Slot, VisitType, WaitlistEntry
from portal.appointments.services import BookingError
from portal.journal.models import Person

OFFER_MIN_NOTICE = timedelta(hours=3)  # a time starting sooner is not worth offering
OFFER_ENDS_BEFORE_START = timedelta(hours=1)
CANDIDATES = 50


@dataclass(frozen=True)
class Place:
    """A place on a waiting list, with its visit type, offered slot and tied appointment."""

    entry: WaitlistEntry
    visit_type: VisitType
    offered_slot: Slot | None
    appointment: Appointment | None


def open_entries(scope) -> list[Place]:
    """Return the scope's open places on waiting lists, oldest first."""
    rows = scope.rows(scope.select(WaitlistEntry, WaitlistEntry.status.in_(("waiting", "offered")))
                      .order_by(WaitlistEntry.created_at, WaitlistEntry.id))
    return [Place(entry, db.session.get(VisitType, entry.visit_type_id),
                  db.session.get(Slot, entry.offered_slot_id) if entry.offered_slot_id else None,
                  db.session.get(Appointment, entry.appointment_id) if entry.appointment_id
                  else None)
            for entry in rows]


def join(scope, visit_type: VisitType, *, requested_by, now: datetime,
         appointment: Appointment | None = None) -> WaitlistEntry:
    """Put the scope's person on the waiting list for an earlier time of a visit type."""
    person, unit_kinds = scope.subject, bookable_unit_kinds(scope.decision)
    if not (visit_type.active and visit_type.open_booking):
        raise BookingError(_("The waiting list is only for appointments you can book yourself."))
    if unit_kinds is not None and visit_type.unit.kind not in unit_kinds:
        raise BookingError(_("You cannot book appointments at {unit} for {name}.").format(
            unit=visit_type.unit.name, name=person.name))
    if not age_fits(visit_type, person, local_date(now)):
        raise BookingError(_("{name} is not in the age group for this kind of appointment.").format(
            name=person.name))
    if appointment is not None and (
            appointment.person_id != person.id or appointment.status != "booked"
            or appointment.slot.visit_type_id != visit_type.id or appointment.start_at <= now):
        raise BookingError(_("The appointment to replace must be an upcoming one of the same kind."))
    if open_entry(person, visit_type) is not None:
        raise BookingError(_("{name} is already on the waiting list for this kind of "
                             "appointment.").format(name=person.name))
    entry = WaitlistEntry(person_id=person.id, visit_type_id=visit_type.id,
                          appointment_id=appointment.id if appointment else None,
                          requested_by_id=requested_by.id, status="waiting", created_at=now)
    db.session.add(entry)
    try:
        db.session.flush()
    except IntegrityError as exc:  # uq_waitlist_entry_open: someone just did the same
        db.session.rollback()
        raise BookingError(_("{name} is already on the waiting list for this kind of "
                             "appointment.").format(name=person.name)) from exc
    return entry


def withdraw(entry: WaitlistEntry, *, now: datetime) -> None:
    """Take the person off a waiting list (an offer they hold goes to the next)."""
    _move(entry, ("waiting", "offered"), "withdrawn", _("You are no longer on this waiting list."))


def decline(entry: WaitlistEntry, *, now: datetime) -> None:
    """Say no to an offered time; the person leaves the list and the time goes to the next."""
    _move(entry, ("offered",), "withdrawn", _("This offer is no longer open."))


def accept(scope, entry: WaitlistEntry, *, booked_by, now: datetime) -> Appointment:
    """Accept an offered time: move the appointment it replaces there in one step, or book it.

    The offer must still be earlier than the appointment the person holds (DOMAIN.md: a
    waiting list is for an earlier time), and the person holds one appointment of the kind
    afterwards, never two. The entry is closed first, so that the move leaves it be.
    """
    if entry.status != "offered" or entry.offer_expires_at <= now:
        raise BookingError(_("This offer has expired, and the time may have gone to someone "
                             "else. You can still book any free time."))
    slot = db.session.get(Slot, entry.offered_slot_id)
    held = scope.first(scope.select(Appointment, *held_by(entry, now)).order_by(Appointment.start_at))
    if entry.appointment_id is not None and (held is None or held.status != "booked"
                                             or held.start_at <= now):
        raise BookingError(_("This offer is no longer open."))
    if not earlier(slot, held):
        raise BookingError(_("The offered time is not earlier than the appointment on {when}, "
                             "which stays as it is.").format(when=moment_text(held.start_at)))
    _move(entry, ("offered",), "accepted", _("This offer is no longer open."))
    if held is not None:
        return services.move(scope, held, slot, booked_by=booked_by, channel="self", now=now,
                             deadline=False)
    return services.book(scope, slot, booked_by=booked_by, channel="self", now=now)


def held_by(entry: WaitlistEntry, now: datetime) -> list:
    """Return the conditions for the appointment an offer to the entry would replace.

    It is the entry's own appointment; for a place taken without one (before bookings tied
    places to the appointment booked), the person's soonest booked appointment of the kind.
    """
    if entry.appointment_id is not None:
        return [Appointment.id == entry.appointment_id]
    return [Appointment.person_id == entry.person_id, Appointment.status == "booked",
            Appointment.start_at > now,
            exists().where(Slot.id == Appointment.slot_id,
                           Slot.visit_type_id == entry.visit_type_id).correlate_except(Slot)]


def earlier(slot: Slot, held: Appointment | None) -> bool:
    """Tell whether a slot may be offered instead of the appointment held: only if earlier."""
    return held is None or slot.start_at < held.start_at


def open_entry(person, visit_type) -> WaitlistEntry | None:
    """Return the person's open place on the visit type's waiting list, if any."""
    return db.session.scalar(select(WaitlistEntry).where(
        WaitlistEntry.person_id == person.id, WaitlistEntry.visit_type_id == visit_type.id,
        WaitlistEntry.status.in_(("waiting", "offered"))))


def _move(entry: WaitlistEntry, from_states: tuple, to_state: str, refusal: str) -> None:
    """Change an entry's state only if it is still in one of from_states (a racing job wins)."""
    done = db.session.execute(
        update(WaitlistEntry).where(WaitlistEntry.id == entry.id,
                                    WaitlistEntry.status.in_(from_states))
        .values(status=to_state).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise BookingError(refusal)
    db.session.expire(entry)


def run_offers(now: datetime, *, hours: int) -> tuple[int, int]:
    """Expire offers that ran out, then offer each freed time to the next in line.

    Returns (times offered, offers expired). Running it again at once changes nothing.
    """
    expired = _expire(now)
    _close_passed(now)
    offered = sum(_offer(slot_id, now, timedelta(hours=hours)) for slot_id in _freed_slots(now))
    return offered, expired


def _expire(now: datetime) -> int:
    """End the offers whose time to answer has run out; their times pass to the next."""
    done = db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.status == "offered", WaitlistEntry.offer_expires_at <= now)
        .values(status="expired").execution_options(synchronize_session=False))
    db.session.commit()
    return done.rowcount


def _close_passed(now: datetime) -> None:
    """Close places tied to an appointment that has begun or is no longer booked."""
    over = select(Appointment.id).where(
        (Appointment.status != "booked") | (Appointment.start_at <= now))
    db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.status == "waiting", WaitlistEntry.appointment_id.in_(over))
        .values(status="withdrawn").execution_options(synchronize_session=False))
    db.session.commit()


def _freed_slots(now: datetime) -> list[int]:
    """Return future slots freed by a cancellation, free, not on offer, with someone waiting."""
    cancelled_here = exists(select(Appointment.id).where(Appointment.slot_id == Slot.id,
                                                         Appointment.status == "cancelled"))
    waiting = exists(select(WaitlistEntry.id).where(
        WaitlistEntry.visit_type_id == Slot.visit_type_id, WaitlistEntry.status == "waiting"))
    ids = db.session.scalars(
        select(Slot.id).where(Slot.start_at > now + OFFER_MIN_NOTICE,
                              Slot.id.not_in(active_slot_ids()), ~_on_offer(), cancelled_here,
                              waiting)
        .order_by(Slot.start_at)).all()
    db.session.commit()  # end the read, so that each offer below is a transaction of its own
    return list(ids)


def _on_offer():
    """Return the condition that a slot is offered to someone right now."""
    return exists(select(WaitlistEntry.id).where(WaitlistEntry.offered_slot_id == Slot.id,
                                                 WaitlistEntry.status == "offered"))


def _offer(slot_id: int, now: datetime, period: timedelta) -> int:
    """Offer one freed slot to the first waiting person it suits; return 1 if offered."""
    try:
        # Claim the slot: another host running the job at the same time skips it.
        slot = db.session.scalar(select(Slot).where(
            Slot.id == slot_id, Slot.id.not_in(active_slot_ids()), ~_on_offer())
            .with_for_update(skip_locked=True))
        entry = _first_in_line(slot, now) if slot is not None else None
        if entry is None:
            db.session.rollback()
            return 0
        claimed = db.session.execute(
            update(WaitlistEntry).where(WaitlistEntry.id == entry.id,
                                        WaitlistEntry.status == "waiting")
            .values(status="offered", offered_slot_id=slot.id,
                    offer_expires_at=min(now + period, slot.start_at - OFFER_ENDS_BEFORE_START))
            .execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            db.session.rollback()
            return 0
        db.session.expire(entry)
        notify.offered(entry, slot, db.session.get(Person, entry.person_id), now)
        db.session.commit()
        return 1
    except BaseException:
        db.session.rollback()
        raise


def _first_in_line(slot: Slot, now: datetime) -> WaitlistEntry | None:
    """Return the first waiting entry for whom the slot is earlier, fits their age and is free."""
    visit_type = db.session.get(VisitType, slot.visit_type_id)
    entries = db.session.scalars(
        select(WaitlistEntry).where(WaitlistEntry.visit_type_id == slot.visit_type_id,
                                    WaitlistEntry.status == "waiting")
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id).limit(CANDIDATES)
        .with_for_update(skip_locked=True)).all()
    for entry in entries:
        person = db.session.get(Person, entry.person_id)
        tied = db.session.scalar(select(Appointment).where(*held_by(entry, now))
                                 .order_by(Appointment.start_at).limit(1))
        if not earlier(slot, tied):
            continue
        if not age_fits(visit_type, person, local_date(slot.start_at)):
            continue
        if visit_type.unit.kind == "gp_office" and person.gp_unit_id != visit_type.unit_id:
            continue
        if overlaps(all_busy_periods(person, now, ignore_id=tied.id if tied else None),
                    slot.start_at, slot.end_at):
            continue
        return entry
    return None
