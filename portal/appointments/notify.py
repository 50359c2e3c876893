"""Confirmations by e-mail or SMS through the outbox, with no health information.

DOMAIN.md, "Appointments": a confirmation for every booking, move and cancellation. The text
gives the time only: never the unit or the kind of visit (the name of the youth health
station alone tells something), nor the person (like the portal's message notices); a
parent reads "for someone you act for" and logs in for the rest. The caller commits.
"""

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import access, clock, db
from portal.appointments.labels import moment_text
from portal.areas import Area
from portal.journal.models import Person
from portal.outbox import OutboxMessage
from portal.representation.models import ParentalResponsibility

OWN_NOTICES_FROM = 12  # younger children's notices go to their parents


def recipients(person: Person, unit, booker_id: int | None, now: datetime) -> list[Person]:
    """Return who is told: the person (from 12), who booked, and parents who may see it."""
    on = now.astimezone(clock.OSLO).date()
    candidates = [db.session.get(Person, booker_id)] if booker_id else []
    candidates += db.session.scalars(select(Person).join(
        ParentalResponsibility, ParentalResponsibility.parent_id == Person.id)
        .where(ParentalResponsibility.child_id == person.id).order_by(Person.id))
    found: dict[int, Person] = {}
    if clock.age_on(person.birth_date, on) >= OWN_NOTICES_FROM:
        found[person.id] = person
    for candidate in candidates:
        if candidate.id in found or candidate.id == person.id:
            continue
        decision = access.check(access.Actor(candidate), person, Area.APPOINTMENTS, on=on, now=now)
        if decision and (decision.unit_kinds is None or unit.kind in decision.unit_kinds):
            found[candidate.id] = candidate
    if not found:
        found[person.id] = person
    return [p for p in found.values() if p.email or p.phone]


def _queue(person: Person, unit, booker_id: int | None, now: datetime, subject, body) -> None:
    """Queue one notice per recipient, in the portal's default language (a lazy subject).

    body(lang, own) writes the text; own tells whether the reader is the person themselves.
    """
    locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    for reader in recipients(person, unit, booker_id, now):
        with force_locale(locale):
            title = str(subject)
            text = (body(locale, reader.id == person.id) + "\n\n"
                    + _("This is an automatic message; replies are not read."))
        channel, address = ("email", reader.email) if reader.email else ("sms", reader.phone)
        db.session.add(OutboxMessage(person_id=reader.id, channel=channel, recipient=address,
                                     subject=title, body=text, created_at=now))


def _about(appointment) -> tuple[Person, object, int | None]:
    """Return the person, the unit and the citizen who booked (not staff) of an appointment."""
    return (db.session.get(Person, appointment.person_id), appointment.slot.unit,
            appointment.booked_by_id if appointment.channel == "self" else None)


def booked(appointment, now: datetime) -> None:
    """Confirm a new booking."""
    def body(lang, own):
        when = moment_text(appointment.start_at, lang)
        text = (_("Your appointment on {when} is booked.") if own else _(
            "An appointment for someone you act for is booked for {when}.")).format(when=when)
        return text + " " + _("Log in to the health portal to see the details, to add it to "
                              "your calendar, or to change it. It can be cancelled in the "
                              "portal until 24 hours before.")

    _queue(*_about(appointment), now, _l("Appointment booked"), body)


def moved(old, new, now: datetime) -> None:
    """Confirm that an appointment has a new time."""
    def body(lang, own):
        times = {"old": moment_text(old.start_at, lang), "new": moment_text(new.start_at, lang)}
        text = (_("Your appointment on {old} is moved to {new}.") if own else _(
            "An appointment for someone you act for is moved from {old} to {new}.")).format(**times)
        return text + " " + _("Log in to the health portal to see the details.")

    _queue(*_about(new), now, _l("Appointment moved"), body)


def cancelled(appointment, now: datetime, *, by_staff: bool) -> None:
    """Confirm a cancellation; when staff cancelled, say how to get a new time."""
    def body(lang, own):
        when = moment_text(appointment.start_at, lang)
        text = (_("Your appointment on {when} is cancelled.") if own else _(
            "An appointment for someone you act for, on {when}, is cancelled.")).format(when=when)
        if by_staff:
            text += " " + _("The unit had to cancel it. Log in to the health portal to book a "
                            "new time, or call the unit.")
        return text

    _queue(*_about(appointment), now, _l("Appointment cancelled"), body)


def offered(entry, slot, now: datetime) -> None:
    """Tell the first on a waiting list that an earlier time is theirs if they accept it."""
    def body(lang, own):
        times = {"when": moment_text(slot.start_at, lang),
                 "expires": moment_text(entry.offer_expires_at, lang)}
        text = (_("An earlier appointment time is available for you: {when}.") if own else _(
            "An earlier appointment time is available for someone you act for: {when}.")
        ).format(**times)
        return text + " " + _("Log in to the health portal before {expires} to accept it. "
                              "After that, it is offered to the next on the waiting list."
                              ).format(**times)

    _queue(db.session.get(Person, entry.person_id), slot.unit, entry.requested_by_id, now,
           _l("An earlier time is available"), body)
