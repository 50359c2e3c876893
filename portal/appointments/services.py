"""Booking, cancelling and moving appointments (DOMAIN.md, "Appointments").

A slot holds one booking and a person never holds two overlapping appointments. The
database refuses both (migration 0004: the partial unique index uq_appointment_slot_active,
and an exclusion constraint on PostgreSQL, triggers on SQLite). These functions check first,
so that the person gets a clear message, and turn the database's refusal into the same
message when two people race for one slot. They work in the caller's transaction and flush;
the caller commits through `committed()`, which runs the work again after a race, and a
refusal rolls back everything and raises a BookingError whose message the page shows.
Each booking is made within the reader's scope of the person's appointments: a clash with
an appointment the reader may not see is refused without saying when or where it is.
Waiting lists are in waitlist.py; the staff's schedules and attendance in staffwork.py.
"""

import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal import clock, db
from portal.access import Actor, check
from portal.appointments import notify
from portal.appointments.areas import APPOINTMENTS, bookable_unit_kinds, parents_see
from portal.appointments.labels import ages, day_text, moment_text, visit_name
from portal.appointments.listing import age_fits, local_date, nearest_free
from portal.appointments.models import Appointment, Slot, WaitlistEntry
from portal.questionnaires import services as questionnaires
from portal.representation import rules

CANCEL_CLOSES = timedelta(hours=24)
VIDEO_OPENS = timedelta(minutes=15)


class BookingError(Exception):
    """A booking, cancellation or move that cannot be done; the message says why."""


class SlotTaken(BookingError):
    """Someone else has the time; `alternatives` are the nearest free times of the same kind."""

    def __init__(self, message: str, alternatives: list[Slot]):
        super().__init__(message)
        self.alternatives = alternatives


class TooLateToChange(BookingError):
    """Self-service has closed 24 hours before the start; `unit` is whom to call."""

    def __init__(self, message: str, unit):
        super().__init__(message)
        self.unit = unit


def how_to_reach(unit) -> str:
    """Say whom to call: the unit's phone number, or its name where it has none."""
    if unit.phone:
        return _("Call {unit} on {phone}.").format(unit=unit.name, phone=unit.phone)
    return _("Contact {unit}.").format(unit=unit.name)


def cancel_closes_at(appointment: Appointment) -> datetime:
    """Return when the person can no longer cancel or move the appointment themselves."""
    return appointment.start_at - CANCEL_CLOSES


def fixed_once_booked(slot: Slot, now: datetime) -> bool:
    """Tell whether a booking of the slot now could not be cancelled or moved in the portal."""
    return now >= slot.start_at - CANCEL_CLOSES


def may_change(appointment: Appointment, now: datetime) -> bool:
    """Tell whether the person may still cancel or move the appointment in the portal."""
    return appointment.status == "booked" and now < cancel_closes_at(appointment)


def video_link(appointment: Appointment, now: datetime, base_url: str) -> str | None:
    """Return the join link of a video visit from 15 minutes before the start to the end."""
    if appointment.slot.visit_type.mode != "video" or not appointment.video_room:
        return None
    if appointment.status != "booked":
        return None
    if not appointment.start_at - VIDEO_OPENS <= now < appointment.end_at:
        return None
    return base_url + appointment.video_room


def note_readers(scope, slot: Slot, *, booked_by, now: datetime) -> list:
    """Return who besides the booker and the unit's staff could open a booking being made.

    The person it is for, and each parent or holder of a power of attorney whom the access
    decision would let see it: the words under the note field must be true for all of them.
    """
    person = scope.subject
    readers = [person] if person.id != booked_by.id else []
    for candidate in rules.representatives_of(person, now=now):
        if candidate.id in (person.id, booked_by.id):
            continue
        decision = check(Actor(candidate), person, APPOINTMENTS, now=now)
        if decision and (not decision.restricted or parents_see(
                booked_by_id=booked_by.id, person_id=person.id, unit_kind=slot.unit.kind)):
            readers.append(candidate)
    return readers


def refusal(slot: Slot, person, *, channel: str, unit_kinds, now: datetime) -> str | None:
    """Return why the person cannot have the slot through this channel, or None."""
    visit_type, unit = slot.visit_type, slot.unit
    if slot.start_at <= now:
        return _("This time has passed. Choose a later time.")
    if not visit_type.active:
        return _("{unit} no longer offers this kind of appointment.").format(unit=unit.name)
    if unit_kinds is not None and unit.kind not in unit_kinds:
        return _("You cannot book appointments at {unit} for {name}.").format(
            unit=unit.name, name=person.name)
    if channel == "self" and not visit_type.open_booking:
        return _("{unit} books this kind of appointment itself. {call}").format(
            unit=unit.name, call=how_to_reach(unit))
    if channel == "self" and unit.kind == "gp_office" and person.gp_unit_id != unit.id:
        return _("GP appointments are booked at {name}'s own GP office.").format(name=person.name)
    day = local_date(slot.start_at)
    if not age_fits(visit_type, person, day):
        return _("{visit} is for ages {ages}. {name} will be {age} on {date}.").format(
            visit=visit_name(visit_type), ages=ages(visit_type), name=person.name,
            age=clock.age_on(person.birth_date, day), date=day_text(day))
    return None


def check_slot(scope, slot: Slot, *, channel: str, now: datetime,
               replacing: Appointment | None = None) -> None:
    """Raise BookingError (SlotTaken with the nearest free times) if the slot cannot be had."""
    person = scope.subject
    why = refusal(slot, person, channel=channel, unit_kinds=bookable_unit_kinds(scope.decision),
                  now=now)
    if why:
        raise BookingError(why)
    if _taken(slot, person, now):
        raise _slot_taken(scope, slot, now, replacing)
    clash = _clash(scope, slot, ignore_id=replacing.id if replacing else None)
    if clash is not None:
        raise BookingError(clash)


def place(scope, slot: Slot, *, booked_by, channel: str, now: datetime,
          reason: str | None = None, replacing: Appointment | None = None) -> Appointment:
    """Book a slot for the scope's person within the caller's transaction, or raise BookingError."""
    check_slot(scope, slot, channel=channel, now=now, replacing=replacing)
    appointment = Appointment(
        slot=slot, person_id=scope.subject.id, booked_by_id=booked_by.id, channel=channel,
        status="booked", start_at=slot.start_at, end_at=slot.end_at,
        reason=(reason or "").strip()[:200] or None, created_at=now,
        video_room=secrets.token_urlsafe(24) if slot.visit_type.mode == "video" else None,
        rescheduled_from_id=replacing.id if replacing else None,
        # Staff know of what staff do; what citizens do waits for staff to see it.
        staff_seen_at=now if channel == "staff" else None)
    db.session.add(appointment)
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        error = _explain(exc, scope, slot, now, replacing)
        if error is None:
            raise
        raise error from exc
    questionnaires.for_booking(appointment, now=now, replacing=replacing)
    return appointment


def book(scope, slot: Slot, *, booked_by, channel: str, now: datetime,
         reason: str | None = None) -> Appointment:
    """Book a slot for the scope's person, with a confirmation to be sent."""
    appointment = place(scope, slot, booked_by=booked_by, channel=channel, now=now,
                        reason=reason)
    _tie_waiting(appointment, WaitlistEntry.appointment_id.is_(None),
                 WaitlistEntry.person_id == appointment.person_id,
                 WaitlistEntry.visit_type_id == slot.visit_type_id)
    notify.booked(appointment, now)
    return appointment


def cancel(appointment: Appointment, *, cancelled_by, by_staff: bool = False,
           now: datetime) -> None:
    """Cancel an appointment: the person until 24 hours before, staff until the start."""
    check_changeable(appointment, now, by_staff=by_staff)
    release(appointment, cancelled_by=cancelled_by, by_staff=by_staff, now=now)
    questionnaires.withdraw_for(appointment)
    db.session.execute(  # a place in the queue for an earlier time goes with it
        update(WaitlistEntry)
        .where(WaitlistEntry.appointment_id == appointment.id,
               WaitlistEntry.status.in_(("waiting", "offered")))
        .values(status="withdrawn"))
    notify.cancelled(appointment, now, by_staff=by_staff)


def committed(work):
    """Commit booking work now, running it again after a race; a lasting race is a BookingError."""
    try:
        return db.transaction(work)
    except db.Busy as exc:
        raise BookingError(_("Many people are booking right now. Please try again.")) from exc


def move(scope, appointment: Appointment, new_slot: Slot, *, booked_by, channel: str,
         now: datetime, deadline: bool = True) -> Appointment:
    """Move an appointment to another slot of the same kind in one step (the caller commits).

    The new slot is booked before the old one is released, so a failure leaves the old
    booking as it was (DOMAIN.md: never cancel-then-hope). Where the two times overlap, the
    database would refuse the person two overlapping appointments, so the old one is
    released first, still inside the same transaction. An accepted waiting-list offer moves
    without the 24-hour deadline (deadline=False): the unit itself offered the time.
    """
    if deadline:
        check_changeable(appointment, now, by_staff=channel == "staff")
    elif appointment.status != "booked" or appointment.start_at <= now:
        raise BookingError(_("This appointment can no longer be moved."))
    if new_slot.id == appointment.slot_id:
        raise BookingError(_("This is the time the appointment already has."))
    if new_slot.visit_type_id != appointment.slot.visit_type_id:
        raise BookingError(_("An appointment can only be moved to a time for the same kind of visit."))
    old_start, old_end = appointment.start_at, appointment.end_at
    overlapping = new_slot.start_at < old_end and old_start < new_slot.end_at
    by_staff = channel == "staff"
    if overlapping:
        release(appointment, cancelled_by=booked_by, by_staff=by_staff, now=now)
    moved = place(scope, new_slot, booked_by=booked_by, channel=channel, now=now,
                  reason=appointment.reason, replacing=appointment)
    if not overlapping:
        release(appointment, cancelled_by=booked_by, by_staff=by_staff, now=now)
    _tie_waiting(moved, WaitlistEntry.appointment_id == appointment.id)
    notify.moved(appointment, moved, now)
    return moved


def check_changeable(appointment: Appointment, now: datetime, *, by_staff: bool) -> None:
    """Refuse to change an appointment that is over, cancelled, or past the deadline."""
    if appointment.status == "cancelled":
        raise BookingError(_("This appointment is already cancelled."))
    if appointment.status != "booked" or appointment.start_at <= now:
        raise BookingError(_("This appointment has already started or taken place."))
    if not by_staff and now >= cancel_closes_at(appointment):
        unit = appointment.slot.unit
        raise TooLateToChange(_("It is less than 24 hours until the appointment, so it can no "
                                "longer be cancelled or moved here. {call}").format(
                                    call=how_to_reach(unit)), unit)


def release(appointment: Appointment, *, cancelled_by, by_staff: bool, now: datetime) -> None:
    """Cancel within the caller's transaction, only if still booked: a racing change wins."""
    done = db.session.execute(
        update(Appointment)
        .where(Appointment.id == appointment.id, Appointment.status == "booked")
        .values(status="cancelled", cancelled_at=now, cancelled_by_id=cancelled_by.id,
                cancelled_by_unit=by_staff, staff_seen_at=now if by_staff else None)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise BookingError(_("This appointment was changed a moment ago. Look at it again."))
    db.session.expire(appointment)


def _tie_waiting(appointment: Appointment, *which) -> None:
    """Tie the open waiting-list places found by `which` to an appointment the person now holds.

    The wish for an earlier time is a wish for a time earlier than this appointment: a place
    taken before booking, or tied to the appointment moved, follows it, so that accepting an
    offer later moves it instead of adding a second one. An offer it holds that is no longer
    earlier goes back to the list (the job offers the time to the next, as a freed time).
    """
    db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.status.in_(("waiting", "offered")), *which)
        .values(appointment_id=appointment.id))
    not_earlier = select(Slot.id).where(Slot.start_at >= appointment.start_at)
    db.session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.appointment_id == appointment.id, WaitlistEntry.status == "offered",
               WaitlistEntry.offered_slot_id.in_(not_earlier))
        .values(status="waiting", offered_slot_id=None, offer_expires_at=None))


def _taken(slot: Slot, person, now: datetime) -> bool:
    """Tell whether the slot is booked, or held by a waiting-list offer to someone else."""
    booked = select(Appointment.id).where(Appointment.slot_id == slot.id,
                                          Appointment.status != "cancelled")
    held = select(WaitlistEntry.id).where(
        WaitlistEntry.offered_slot_id == slot.id, WaitlistEntry.status == "offered",
        WaitlistEntry.offer_expires_at > now, WaitlistEntry.person_id != person.id)
    return (db.session.scalar(booked.limit(1)) is not None
            or db.session.scalar(held.limit(1)) is not None)


def _clash(scope, slot: Slot, *, ignore_id: int | None) -> str | None:
    """Say why the person cannot have the slot for another appointment at that time, or None.

    When the reader may see the other appointment, the message names its time; when not
    (a parent, of an appointment at the youth health station; staff, of another unit's),
    it says no more than the database's refusal would: not when, not where.
    """
    person = scope.subject
    overlapping = [Appointment.status != "cancelled", Appointment.start_at < slot.end_at,
                   Appointment.end_at > slot.start_at]
    if ignore_id is not None:
        overlapping.append(Appointment.id != ignore_id)
    if db.session.scalar(select(Appointment.id).where(
            Appointment.person_id == person.id, *overlapping).limit(1)) is None:
        return None
    seen = scope.first(scope.select(Appointment, *overlapping))
    if seen is None:
        return _unavailable(person)
    return _("{name} already has an appointment at that time ({when}). Choose another time.").format(
        name=person.name, when=moment_text(seen.start_at))


def _unavailable(person) -> str:
    """Say that the person cannot be booked at that time, without saying why."""
    return _("{name} cannot be booked at that time. Choose another time.").format(
        name=person.name)


def _slot_taken(scope, slot: Slot, now: datetime, replacing) -> SlotTaken:
    """Build the answer to someone who came second: a clear message and the nearest times."""
    return SlotTaken(_("Someone else booked this time just before you. Choose one of the "
                       "nearest free times instead."),
                     nearest_free(scope, slot, now, ignore=replacing))


def _explain(exc: IntegrityError, scope, slot: Slot, now: datetime, replacing):
    """Turn the database's refusal into the message a person understands, or None."""
    text = str(exc.orig)
    if "uq_appointment_slot_active" in text or "appointment.slot_id" in text:
        return _slot_taken(scope, slot, now, replacing)
    if "no_overlap" in text or "overlapping appointment" in text:
        return BookingError(_unavailable(scope.subject))
    return None
