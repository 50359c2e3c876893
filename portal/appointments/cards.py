"""The home page's card for the next appointment."""

from flask import g, url_for
from flask_babel import gettext as _

from portal import access, db
from portal.appointments import listing
from portal.appointments.labels import moment_text, visit_name
from portal.areas import Area
from portal.home.cards import Card, register


@register
def next_appointment_card(actor, subject) -> Card | None:
    """Return a card with the next appointment the reader may see, or None."""
    login = g.get("login")
    if login is None or login.is_staff or subject is None:
        return None
    decision = access.decide(Area.APPOINTMENTS, step_up=False)
    if not decision:
        return None
    appointment = listing.next_appointment(subject, unit_kinds=decision.unit_kinds,
                                           now=db.utcnow())
    if appointment is None:
        return None
    access.log_read(decision, Area.APPOINTMENTS, what="appointments")
    slot = appointment.slot
    return Card(
        heading=_("Next appointment"),
        text=_("{visit} at {unit}, {when}.").format(
            visit=visit_name(slot.visit_type), unit=slot.unit.name,
            when=moment_text(appointment.start_at)),
        url=url_for("appointments.detail", appointment_id=appointment.id),
        link_text=_("See the appointment"))
