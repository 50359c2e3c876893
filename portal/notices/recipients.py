"""Who is told of a notice: decided through the access decision, at the moment it is sent.

The person is told (from the kind's age), and each candidate who may still see the area
and the very row the notice is about: a revoked power of attorney, a parent of a child who
has turned 16, or a parent of a 12-15 year old for whom the row is hidden, is told nothing.
"""

from datetime import datetime

from flask import current_app
from sqlalchemy import select

from portal import clock, db
from portal.access import Actor, Refusal, open_scope, registry
from portal.journal.models import Person
from portal.notices.kinds import Kind
from portal.notices.models import Notice


def _table(name: str) -> type:
    """Return the model of a table that holds rows of some area."""
    return next(m for m in registry.models() if m.__tablename__ == name)


def sees(reader: Person, notice: Notice, kind: Kind, now: datetime) -> bool:
    """Tell whether a reader may see what the notice is about, now."""
    subject = db.session.get(Person, notice.person_id)
    try:
        scope = open_scope(Actor(reader), subject, kind.area, now=now,
                           on=now.astimezone(clock.OSLO).date())
    except Refusal:
        return False
    if notice.resource is None:
        return True
    model = _table(notice.resource)
    return db.session.scalar(select(model.id).where(
        model.id == notice.resource_id, *scope.where(model))) is not None


def recipients(notice: Notice, kind: Kind, now: datetime) -> list[tuple[Person, bool]]:
    """Return (person, is the person themselves) for everyone to tell, now."""
    subject = db.session.get(Person, notice.person_id)
    found: list[tuple[Person, bool]] = []
    if clock.age_on(subject.birth_date, now.astimezone(clock.OSLO).date()) >= kind.own_from_age:
        found.append((subject, True))
    for person_id in dict.fromkeys(notice.candidates or ()):
        reader = db.session.get(Person, person_id)
        if reader is not None and reader.id != subject.id and sees(reader, notice, kind, now):
            found.append((reader, False))
    if not found and kind.fallback_to_person:
        found.append((subject, True))
    return [(person, own) for person, own in found if contact(notice, person) is not None]


def contact(notice: Notice, person: Person) -> tuple[str, str] | None:
    """Return (channel, address): the one given for the notice, else e-mail, else SMS."""
    given = (notice.contacts or {}).get(str(person.id))
    if given:
        return given[0], given[1]
    if person.email:
        return "email", person.email
    if person.phone:
        return "sms", person.phone
    return None


def language(person: Person) -> str:
    """Return the language a person reads notices in: their choice, else the default."""
    chosen = person.language
    return chosen if chosen in current_app.config["LANGUAGES"] else \
        current_app.config["BABEL_DEFAULT_LOCALE"]
