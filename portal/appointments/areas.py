"""What appointments declare to the access decision: the area, its rows, and staff purposes.

Appointments are not health data: a login at the substantial level may see them (DOMAIN.md,
"Logging in"). Parents of a 12-15 year old see and book appointments at the GP office and
the health station only, never at the youth health station (DOMAIN.md, "Children 12-15").
Staff reach an appointment at their own unit, and book a time of their unit for a person.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.access import ALL_POWERS, Area, Decision, Grant, Rows
from portal.appointments.models import Appointment, Slot, SlotBooking, VisitType, WaitlistEntry
from portal.journal.models import Organization

# Where parents of a 12-15 year old see and book appointments.
PROGRAMME_UNIT_KINDS = ("gp_office", "health_station")


def _at_programme_units() -> list:
    """Keep appointments at the kinds of unit parents of a 12-15 year old may see."""
    return [Appointment.slot_id.in_(
        select(Slot.id).join(Organization, Organization.id == Slot.unit_id)
        .where(Organization.kind.in_(PROGRAMME_UNIT_KINDS)))]


def _waiting_at_programme_units() -> list:
    """Keep waiting-list places at the kinds of unit parents of a 12-15 year old may see."""
    return [WaitlistEntry.visit_type_id.in_(
        select(VisitType.id).join(Organization, Organization.id == VisitType.unit_id)
        .where(Organization.kind.in_(PROGRAMME_UNIT_KINDS)))]


APPOINTMENTS = Area(
    "appointments", _l("appointments"), powers=ALL_POWERS, parents_12_15=Grant.ACT,
    health=False,
    rows=(Rows(Appointment, owner=Appointment.person_id, restricted=_at_programme_units,
               staff=Appointment.staff_rows()),
          Rows(WaitlistEntry, owner=WaitlistEntry.person_id,
               restricted=_waiting_at_programme_units)),
)
PURPOSES = ((Appointment, (APPOINTMENTS,)), (SlotBooking, (APPOINTMENTS,)))


def bookable_unit_kinds(decision: Decision) -> tuple[str, ...] | None:
    """Return the kinds of unit the reader may book at for the person (None: every kind)."""
    return PROGRAMME_UNIT_KINDS if decision.restricted else None
