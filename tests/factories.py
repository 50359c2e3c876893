"""Builders for test data: people, relations and staff, in the test's own transaction."""

import itertools
from datetime import date

from sqlalchemy import select

from portal import db
from portal.access import Actor, Verb, open_scope
from portal.journal.models import Organization, Person, Practitioner
from portal.journal.national_id import with_check_digits
from portal.representation.models import ParentalResponsibility, PowerOfAttorney

_serial = itertools.count(100)


def person(born: date, *, given="Test", family="Person", street="Testveien 1",
           postcode="7130") -> Person:
    """Add a person born on a date, with a valid synthetic number."""
    while True:
        number = with_check_digits(f"{born.day:02d}{born.month + 80:02d}{born.year % 100:02d}"
                                   f"{_individual(born.year)}")
        if number and db.session.scalar(select(Person.id).where(Person.national_id == number)) is None:
            break
    row = Person(national_id=number, given_name=given, family_name=family, birth_date=born,
                 street=street, postcode=postcode, city="Brekstad")
    db.session.add(row)
    db.session.flush()
    return row


def _individual(year: int) -> str:
    """Return a fresh individual number that fits the century of the year."""
    base = 0 if year < 2000 else 500
    return f"{base + next(_serial) % 400:03d}"


def parent_of(parent: Person, child: Person) -> None:
    """Register parental responsibility."""
    db.session.add(ParentalResponsibility(parent_id=parent.id, child_id=child.id))
    db.session.flush()


def power(grantor: Person, grantee: Person, level: str, *, created_at, revoked_at=None):
    """Add a power of attorney."""
    row = PowerOfAttorney(grantor_id=grantor.id, grantee_id=grantee.id, level=level,
                          created_at=created_at, revoked_at=revoked_at)
    db.session.add(row)
    db.session.flush()
    return row


def unit(code: str) -> Organization:
    """Return a demo unit by its code."""
    return db.session.scalar(select(Organization).where(Organization.code == code))


def staff_in(person_row: Person, unit_code: str, role: str = "nurse") -> Practitioner:
    """Give a person a role in a unit."""
    row = Practitioner(person_id=person_row.id, unit_id=unit(unit_code).id, role=role)
    db.session.add(row)
    db.session.flush()
    return row


def scope(actor: Person, subject: Person, area, verb=None, *, now=None, purpose=None,
          role: str = "citizen", unit_id: int | None = None):
    """Return the access scope a person (or staff member) has of a subject's area, or raise."""
    return open_scope(Actor(actor, role=role, unit_id=unit_id), subject, area,
                      verb or Verb.ACT, now=now, purpose=purpose)
