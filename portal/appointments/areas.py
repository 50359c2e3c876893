"""What appointments declare to the access decision: the area, its rows, and staff purposes.

Appointments are not health data: a login at the substantial level may see them (DOMAIN.md,
"Logging in"). Parents of a 12-15 year old see and book appointments at the GP office and
the health station only, never at the youth health station; and only those someone else
booked for the young person (the unit for the child's programme, or a parent): what a
young person of 12-15 books in the portal themselves is private, and so is their place on
a waiting list (DOMAIN.md, "Children 12-15"; pbrl § 3-4 second paragraph).
Staff reach an appointment at their own unit, and book a time of their unit for a person.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists

from portal.access import ALL_POWERS, Area, Decision, Grant, Rows
from portal.appointments.models import Appointment, Slot, SlotBooking, VisitType, WaitlistEntry
from portal.journal.models import Organization

# Where parents of a 12-15 year old see and book appointments.
PROGRAMME_UNIT_KINDS = ("gp_office", "health_station")


def _for_parents() -> list:
    """Keep appointments a parent of a 12-15 year old sees: at the programme's units,
    booked by someone other than the young person. The unit is looked up for each of the
    person's rows (EXISTS), not as a list of every slot of every such unit, which grows
    with the municipality (issue 22)."""
    return [Appointment.booked_by_id != Appointment.person_id, exists().where(
        Slot.id == Appointment.slot_id, Organization.id == Slot.unit_id,
        Organization.kind.in_(PROGRAMME_UNIT_KINDS))]


def parents_see(*, booked_by_id: int, person_id: int, unit_kind: str) -> bool:
    """Tell whether a parent of a 12-15 year old sees an appointment: `_for_parents` in Python,
    for what is not yet a row (who will read the note of a booking being made)."""
    return booked_by_id != person_id and unit_kind in PROGRAMME_UNIT_KINDS


def _waiting_for_parents() -> list:
    """Keep waiting-list places a parent of a 12-15 year old sees, by the same rule."""
    return [WaitlistEntry.requested_by_id != WaitlistEntry.person_id, exists().where(
        VisitType.id == WaitlistEntry.visit_type_id, Organization.id == VisitType.unit_id,
        Organization.kind.in_(PROGRAMME_UNIT_KINDS))]


APPOINTMENTS = Area(
    "appointments", _l("appointments"), powers=ALL_POWERS, parents_12_15=Grant.ACT,
    health=False,
    rows=(Rows(Appointment, owner=Appointment.person_id, restricted=_for_parents,
               staff=Appointment.staff_rows()),
          Rows(WaitlistEntry, owner=WaitlistEntry.person_id,
               restricted=_waiting_for_parents)),
)
PURPOSES = ((Appointment, (APPOINTMENTS,)), (SlotBooking, (APPOINTMENTS,)))


def bookable_unit_kinds(decision: Decision) -> tuple[str, ...] | None:
    """Return the kinds of unit the reader may book at for the person (None: every kind)."""
    return PROGRAMME_UNIT_KINDS if decision.restricted else None
