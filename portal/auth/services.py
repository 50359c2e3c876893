"""Finding the person behind a login."""

from flask_babel import gettext as _
from sqlalchemy import select

from portal import db
from portal.journal.models import Person, Practitioner


class LoginRefused(Exception):
    """The login cannot go on; the message says why in words for the person, `reason` for logs."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.reason = reason or message


def person_by_national_id(national_id: str) -> Person:
    """Return the registered person with this number, or refuse: no account is ever made."""
    person = db.session.scalar(select(Person).where(Person.national_id == national_id))
    if person is None:
        raise LoginRefused(_("We cannot find anyone with this national identity number in the population register."))
    return person


def staff_roles(person: Person) -> list[Practitioner]:
    """Return the person's active roles, one per unit, in the order they were given.

    Read once in a reading request (db.kept): a staff page asks for the role in the login's
    unit, the header whether there are several, the dashboard whether one is a leader.
    """
    return db.kept(("staff_roles", person.id), lambda: list(db.session.scalars(
        select(Practitioner)
        .where(Practitioner.person_id == person.id, Practitioner.active.is_(True))
        .order_by(Practitioner.id)).unique()))


def role_in(person: Person, unit_id: int | None) -> Practitioner | None:
    """Return the person's active role in a unit, or None (from `staff_roles`)."""
    return next((role for role in staff_roles(person) if role.unit_id == unit_id), None)


def staff_role(person: Person) -> Practitioner:
    """Return the person's first active role (where a staff login starts), or refuse."""
    role = next(iter(staff_roles(person)), None)
    if role is None:
        raise LoginRefused(_("{name} is not registered as staff in any unit, and cannot log in as staff.").format(name=person.name))
    return role
