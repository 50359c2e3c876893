"""The facts the access decision needs about relations between people.

Who has parental responsibility for whom, which powers of attorney are in force, and what
a young person shares with a parent: queries only. The rules that use them are in
portal/access/decision.py; the areas they apply to are declared by the features.
"""

from datetime import date, datetime

from flask import g, has_request_context, request
from sqlalchemy import or_, select

from portal import clock, db
from portal.journal.models import Person
from portal.representation.models import ParentalResponsibility, PowerOfAttorney, YouthShare

MIN_AGE_TO_GRANT = 16
MIN_AGE_TO_HOLD = 18


def aged_12_to_15(person, on: date) -> bool:
    """Tell whether a person is 12 to 15 on a date: the years parents see less and the young
    person chooses what to share (DOMAIN.md, "Children 12-15")."""
    return 12 <= clock.age_on(person.birth_date, on) < 16


def _once_per_read(key: tuple, compute):
    """Return a fact about a relation, asked of the database once per reading request.

    A page asks the access decision many times about the same people (every card, every
    person one acts for); a GET changes no relation, so its answers hold for the request,
    and one query gets a person's relations of a kind at once (issue 22: one access context
    per request). Requests that may change a relation (a
    POST revoking a power of attorney) always ask the database.
    """
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return compute()
    facts = g.setdefault("relation_facts", {})
    if key not in facts:
        facts[key] = compute()
    return facts[key]


def forget(*_args) -> None:
    """Forget the relations a request has read: the session has written something."""
    if has_request_context():
        g.pop("relation_facts", None)


def is_parent_at_address(parent, child) -> bool:
    """Tell whether parent has parental responsibility for child and shares its address."""
    if parent.address_key is None or parent.address_key != child.address_key:
        return False
    return child.id in _once_per_read(("children", parent.id), lambda: frozenset(
        db.session.scalars(select(ParentalResponsibility.child_id).where(
            ParentalResponsibility.parent_id == parent.id))))


def active_power(grantor, grantee, *, now: datetime) -> PowerOfAttorney | None:
    """Return the power of attorney in force from grantor to grantee at a moment, if any."""
    in_force = _once_per_read(("powers", grantee.id), lambda: {
        power.grantor_id: power for power in db.session.scalars(select(PowerOfAttorney).where(
            PowerOfAttorney.grantee_id == grantee.id,
            PowerOfAttorney.created_at <= now,
            or_(PowerOfAttorney.revoked_at.is_(None), PowerOfAttorney.revoked_at > now),
        ))})
    return in_force.get(grantor.id)


def may_hold_power(grantor, grantee, on: date) -> bool:
    """Tell whether the two are old enough for a power of attorney on a date (16 and 18)."""
    return (clock.age_on(grantor.birth_date, on) >= MIN_AGE_TO_GRANT
            and clock.age_on(grantee.birth_date, on) >= MIN_AGE_TO_HOLD)


def shared_categories(child, parent) -> frozenset[str]:
    """Return what the child has chosen to share with this parent now."""
    return _once_per_read(("shares", child.id, parent.id), lambda: frozenset(db.session.scalars(
        select(YouthShare.category).where(
            YouthShare.child_id == child.id,
            YouthShare.parent_id == parent.id,
            YouthShare.revoked_at.is_(None),
        )
    )))


def related_ids(person) -> set[int]:
    """Return the ids of children and power-of-attorney grantors of a person (unfiltered)."""
    children = select(ParentalResponsibility.child_id).where(
        ParentalResponsibility.parent_id == person.id)
    grantors = select(PowerOfAttorney.grantor_id).where(
        PowerOfAttorney.grantee_id == person.id, PowerOfAttorney.revoked_at.is_(None))
    return set(db.session.scalars(children)) | set(db.session.scalars(grantors))


def parent_ids(child) -> list[int]:
    """Return the ids of the people with parental responsibility for a child (unfiltered)."""
    return list(db.session.scalars(select(ParentalResponsibility.parent_id).where(
        ParentalResponsibility.child_id == child.id).order_by(ParentalResponsibility.parent_id)))


def representatives_of(person, *, now: datetime) -> list:
    """Return the people who may act for a person: parents, and holders of powers in force."""
    from_parents = select(ParentalResponsibility.parent_id).where(
        ParentalResponsibility.child_id == person.id)
    from_powers = select(PowerOfAttorney.grantee_id).where(
        PowerOfAttorney.grantor_id == person.id, PowerOfAttorney.created_at <= now,
        or_(PowerOfAttorney.revoked_at.is_(None), PowerOfAttorney.revoked_at > now))
    return list(db.session.scalars(select(Person).where(
        Person.id.in_(from_parents) | Person.id.in_(from_powers)).order_by(Person.given_name)))
