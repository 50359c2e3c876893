"""The timeline of a case as both sides read it: what happened, when, and by whom."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from portal import db
from portal.applications import appeals
from portal.applications.labels import EVENT_TITLES
from portal.applications.models import Application, CaseEvent, Decision
from portal.applications.services import office_of
from portal.journal.models import Person

# Events done by the case office: shown with the officer's name and the office.
OFFICE_EVENTS = frozenset({"received", "info_requested", "visit_planned", "assessed", "decided",
                           "reversed", "partly_reversed", "forwarded", "interim_reply"})
# Events that make a decision; the last two also send (the rest of) the appeal on.
DECIDING = ("decided", "reversed", "partly_reversed")
SENDING_ON = ("partly_reversed", "forwarded")
# Events whose note is a moment, not words: a planned visit.
DATED_EVENTS = ("visit_planned",)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline."""

    kind: str
    at: datetime
    title: str
    by: str | None
    note: str | None = None
    when: datetime | date | None = None
    decision: Decision | None = None
    to: str | None = None  # where the appeal was sent on to, by the decision then in force
    past: bool = False  # the moment in `when` has passed (a planned visit is not "coming")


def events(application: Application) -> list[CaseEvent]:
    """Return the case's events in the order they happened."""
    return list(db.session.scalars(
        select(CaseEvent).where(CaseEvent.application_id == application.id)
        .order_by(CaseEvent.at, CaseEvent.id)))


def entries(application: Application, decisions: list[Decision]) -> list[Entry]:
    """Return the timeline, newest last, each decision next to the event that made it."""
    rows = events(application)
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_({r.actor_id for r in rows if r.actor_id})))}
    made = iter(decisions)
    now = db.utcnow()
    shown, in_force = [], None
    for row in rows:
        decision = next(made, None) if row.kind in DECIDING else None
        in_force = decision or in_force
        when = _moment(row) if row.kind in DATED_EVENTS else row.expected_on
        shown.append(Entry(
            kind=row.kind, at=row.at, title=str(EVENT_TITLES.get(row.kind, row.kind)),
            by=_by(row, people.get(row.actor_id), application),
            note=None if row.kind in DATED_EVENTS else row.note, when=when, decision=decision,
            to=appeals.appeal_to(application, in_force)
            if row.kind in SENDING_ON and in_force else None,
            past=isinstance(when, datetime) and when < now))
    return shown


def _moment(row: CaseEvent) -> datetime | None:
    """Read the moment an event's note holds (written by the services, ISO 8601)."""
    try:
        return datetime.fromisoformat(row.note or "")
    except ValueError:
        return None


def _by(row: CaseEvent, actor, application: Application) -> str | None:
    """Name who did it: the officer and the office, or the person who wrote for the applicant."""
    if row.kind in OFFICE_EVENTS:
        unit_name = _unit_name(application)
        return f"{actor.name}, {unit_name}" if actor else unit_name
    return actor.name if actor else None


def _unit_name(application: Application) -> str:
    """Return the name of the office handling the case."""
    return office_of(application).name
