"""The home page's card for the next appointment, with the video join button when it opens."""

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import access, db
from portal.access import Verb
from portal.appointments import listing, services
from portal.appointments.areas import APPOINTMENTS
from portal.appointments.labels import moment_text, visit_name
from portal.home.cards import Card
from portal.home.shortcuts import Shortcut

SHORTCUT = Shortcut("appointments.choose", _l("Book an appointment"), APPOINTMENTS, Verb.ACT)


def next_appointment_card(_actor, subject) -> Card | None:
    """Return a card with the subject's next appointment the reader may see, or None.

    The join link comes from `services.video_link`, the one rule for when a video visit
    opens (DOMAIN.md, "Appointments": from 15 minutes before the start).
    """
    scope = access.peek(APPOINTMENTS, subject=subject)
    if scope is None:
        return None
    now = db.utcnow()
    appointment = listing.next_appointment(scope, now=now)
    if appointment is None:
        return None
    slot = appointment.slot
    video = services.video_link(appointment, now, current_app.config["PORTAL_VIDEO_BASE_URL"])
    return Card(
        heading=_("Next appointment"),
        text=_("{visit} at {unit}, {when}.").format(
            visit=visit_name(slot.visit_type), unit=slot.unit.name,
            when=moment_text(appointment.start_at)),
        url=url_for("appointments.detail", appointment_id=appointment.id),
        link_text=_("See the appointment"), highlight=video is not None,
        action_url=video, action_text=_("Join the video consultation") if video else None)
