"""A calendar file per appointment (iCalendar, RFC 5545), made with the icalendar package.

The event says what the person needs in a calendar and nothing more: whose appointment it
is, the kind of visit, where, and when in UTC (every calendar program shows it in its own
zone); never the note on what the visit is about. A moved appointment keeps the UID of the
first booking with a higher SEQUENCE, so that opening the new file updates the event
already in the calendar instead of adding a second one.
"""

from datetime import UTC, datetime

from flask_babel import gettext as _
from icalendar import Calendar, Event

from portal import db
from portal.appointments.models import Appointment

PRODUCT = "-//Ørland kommune//Helseportal//NO"
UID_DOMAIN = "helseportal.orland.kommune.no"


def _history(appointment: Appointment) -> tuple[Appointment, int]:
    """Return the first booking this appointment was moved from, and how many moves since."""
    first, moves = appointment, 0
    while first.rescheduled_from_id is not None and moves < 100:
        first = db.session.get(Appointment, first.rescheduled_from_id)
        moves += 1
    return first, moves


def calendar_file(appointment: Appointment, *, summary: str, location: str, url: str,
                  video: bool, now: datetime) -> bytes:
    """Return the appointment as an iCalendar file with one event."""
    first, moves = _history(appointment)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"appointment-{first.id}@{UID_DOMAIN}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", appointment.start_at.astimezone(UTC))
    event.add("dtend", appointment.end_at.astimezone(UTC))
    event.add("sequence", moves)
    event.add("summary", summary)
    event.add("location", location)
    event.add("status", "CANCELLED" if appointment.status == "cancelled" else "CONFIRMED")
    event.add("url", url)
    text = _("See, move or cancel the appointment in the health portal: {url}").format(url=url)
    if video:
        text = _("Video consultation. The link to join is in the health portal from 15 minutes "
                 "before the start.") + "\n" + text
    event.add("description", text)
    calendar.add_component(event)
    return calendar.to_ical()
