"""The home page's card for the next appointment."""

from flask import url_for
from flask_babel import gettext as _

from portal import access, db
from portal.appointments import listing
from portal.appointments.areas import APPOINTMENTS
from portal.appointments.labels import moment_text, visit_name
from portal.home.cards import Card


def next_appointment_card(_actor, _subject) -> Card | None:
    """Return a card with the next appointment the reader may see, or None."""
    scope = access.peek(APPOINTMENTS)
    if scope is None:
        return None
    appointment = listing.next_appointment(scope, now=db.utcnow())
    if appointment is None:
        return None
    slot = appointment.slot
    return Card(
        heading=_("Next appointment"),
        text=_("{visit} at {unit}, {when}.").format(
            visit=visit_name(slot.visit_type), unit=slot.unit.name,
            when=moment_text(appointment.start_at)),
        url=url_for("appointments.detail", appointment_id=appointment.id),
        link_text=_("See the appointment"))
