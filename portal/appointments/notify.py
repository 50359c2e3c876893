"""Confirmations by e-mail or SMS, with no health information (DOMAIN.md, "Appointments").

A confirmation for every booking, move and cancellation, and a waiting-list offer. The text
gives the time only: never the unit or the kind of visit (the name of the youth health
station alone tells something), nor the person; a parent reads "for someone you act for"
and logs in for the rest. Who is told is decided when the notice is sent: the person from
12, who booked, and parents who may see this very appointment then.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal import notices
from portal.appointments.areas import APPOINTMENTS
from portal.representation import rules

OWN_NOTICES_FROM = 12  # younger children's notices go to their parents
_DETAILS = _l("Log in to the health portal to see the details.")

BOOKED = notices.Kind(
    "appointment_booked", APPOINTMENTS, _l("Appointment booked"),
    own=_l("Your appointment on {when} is booked."),
    other=_l("An appointment for someone you act for is booked for {when}."),
    tail=_l("Log in to the health portal to see the details, to add it to your calendar, or "
            "to change it. It can be cancelled in the portal until 24 hours before."),
    moments=("when",), own_from_age=OWN_NOTICES_FROM, fallback_to_person=True)
MOVED = notices.Kind(
    "appointment_moved", APPOINTMENTS, _l("Appointment moved"),
    own=_l("Your appointment on {old} is moved to {new}."),
    other=_l("An appointment for someone you act for is moved from {old} to {new}."),
    tail=_DETAILS, moments=("old", "new"), own_from_age=OWN_NOTICES_FROM,
    fallback_to_person=True)
CANCELLED = notices.Kind(
    "appointment_cancelled", APPOINTMENTS, _l("Appointment cancelled"),
    own=_l("Your appointment on {when} is cancelled."),
    other=_l("An appointment for someone you act for, on {when}, is cancelled."),
    moments=("when",), own_from_age=OWN_NOTICES_FROM, fallback_to_person=True)
CANCELLED_BY_UNIT = notices.Kind(
    "appointment_cancelled_by_unit", APPOINTMENTS, _l("Appointment cancelled"),
    own=CANCELLED.own, other=CANCELLED.other,
    tail=_l("The unit had to cancel it. Log in to the health portal to book a new time, or "
            "call the unit."),
    moments=("when",), own_from_age=OWN_NOTICES_FROM, fallback_to_person=True)
OFFERED = notices.Kind(
    "waitlist_offer", APPOINTMENTS, _l("An earlier time is available"),
    own=_l("An earlier appointment time is available for you: {when}."),
    other=_l("An earlier appointment time is available for someone you act for: {when}."),
    tail=_l("Log in to the health portal before {expires} to accept it. After that, it is "
            "offered to the next on the waiting list."),
    moments=("when", "expires"), own_from_age=OWN_NOTICES_FROM, fallback_to_person=True)
KINDS = (BOOKED, MOVED, CANCELLED, CANCELLED_BY_UNIT, OFFERED)


def _candidates(person, booker_id: int | None) -> list[int]:
    """Return who else might be told: the citizen who booked, and the person's parents."""
    return [booker_id, *rules.parent_ids(person)] if booker_id else rules.parent_ids(person)


def _booker(appointment) -> int | None:
    """Return the citizen who booked (not staff), or None."""
    return appointment.booked_by_id if appointment.channel == "self" else None


def booked(appointment, now: datetime) -> None:
    """Confirm a new booking."""
    notices.queue(BOOKED, appointment.person, now=now, about=appointment,
                  candidates=_candidates(appointment.person, _booker(appointment)),
                  params={"when": appointment.start_at.isoformat()})


def moved(old, new, now: datetime) -> None:
    """Confirm that an appointment has a new time."""
    notices.queue(MOVED, new.person, now=now, about=new,
                  candidates=_candidates(new.person, _booker(new)),
                  params={"old": old.start_at.isoformat(), "new": new.start_at.isoformat()})


def cancelled(appointment, now: datetime, *, by_staff: bool) -> None:
    """Confirm a cancellation; when staff cancelled, say how to get a new time."""
    notices.queue(CANCELLED_BY_UNIT if by_staff else CANCELLED, appointment.person, now=now,
                  about=appointment,
                  candidates=_candidates(appointment.person, _booker(appointment)),
                  params={"when": appointment.start_at.isoformat()})


def offered(entry, slot, person, now: datetime) -> None:
    """Tell the first on a waiting list that an earlier time is theirs if they accept it."""
    notices.queue(OFFERED, person, now=now, about=entry,
                  candidates=_candidates(person, entry.requested_by_id),
                  params={"when": slot.start_at.isoformat(),
                          "expires": entry.offer_expires_at.isoformat()})
