"""The home page's card for the next appointment, with the video join button when it opens."""

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.access import Verb
from portal.appointments import listing, services
from portal.appointments.areas import APPOINTMENTS
from portal.appointments.labels import moment_text, visit_name
from portal.home.cards import Card, Probe
from portal.home.shortcuts import Shortcut

SHORTCUT = Shortcut("appointments.choose", _l("Book an appointment"), APPOINTMENTS, Verb.ACT)


def _ask(scope, _actor, when) -> dict:
    """Ask for the id of the subject's next appointment the reader may see."""
    return {"next": listing.next_appointment_question(scope, now=when.now)}


def _show(scope, _actor, _subject, answers) -> Card | None:
    """Return a card with the subject's next appointment the reader may see, or None.

    The join link comes from `services.video_link`, the one rule for when a video visit
    opens (DOMAIN.md, "Appointments": from 15 minutes before the start).
    """
    appointment = answers.get("appointment")
    if appointment is None:
        return None
    slot = appointment.slot
    video = services.video_link(appointment, scope.now,
                                current_app.config["PORTAL_VIDEO_BASE_URL"])
    return Card(
        heading=_("Next appointment"),
        text=_("{visit} at {unit}, {when}.").format(
            visit=visit_name(slot.visit_type), unit=slot.unit.name,
            when=moment_text(appointment.start_at)),
        url=url_for("appointments.detail", appointment_id=appointment.id),
        link_text=_("See the appointment"), highlight=video is not None,
        action_url=video, action_text=_("Join the video consultation") if video else None)


def _load(asked: list) -> None:
    """Read the next appointment of every person on the page, with its slot, at once."""
    found = listing.appointments_in([(scope, answers["next"]) for scope, answers in asked
                                     if answers["next"] is not None])
    for _scope, answers in asked:
        answers["appointment"] = found.get(answers["next"])


NEXT_APPOINTMENT = Probe(APPOINTMENTS, _ask, _show, _load)
