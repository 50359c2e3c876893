"""The facts the access decision needs about relations between people.

Who has parental responsibility for whom, which powers of attorney are in force, and what
a young person shares with a parent: queries only. The rules that use them are in
portal/access/decision.py; the areas they apply to are declared by the features.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, cast, literal, null, or_, select, union_all

from portal import clock, db
from portal.journal.models import Person
from portal.representation.models import ParentalResponsibility, PowerOfAttorney, YouthShare

MIN_AGE_TO_GRANT = 16
MIN_AGE_TO_HOLD = 18


def aged_12_to_15(person, on: date) -> bool:
    """Tell whether a person is 12 to 15 on a date: the years parents see less and the young
    person chooses what to share (DOMAIN.md, "Children 12-15")."""
    return 12 <= clock.age_on(person.birth_date, on) < 16


def is_parent_at_address(parent, child) -> bool:
    """Tell whether parent has parental responsibility for child and shares its address."""
    if parent.address_key is None or parent.address_key != child.address_key:
        return False
    return child.id in children_ids(parent)


def children_ids(parent) -> frozenset[int]:
    """Return the ids of the children a person has parental responsibility for (any age)."""
    return _relations(parent, db.utcnow())[0]


@dataclass(frozen=True)
class HeldPower:
    """A power of attorney in force that a person holds: whose, and at which level."""

    grantor_id: int
    level: str


def _relations(person, now: datetime) -> tuple[frozenset[int], dict[int, HeldPower]]:
    """Return a person's children (any age) and the powers of attorney in force the person
    holds at a moment, by grantor's id, in one query."""
    def read():
        children = select(literal("child").label("kind"),
                          ParentalResponsibility.child_id.label("other"),
                          cast(null(), String).label("level")).where(
            ParentalResponsibility.parent_id == person.id)
        powers = select(literal("power"), PowerOfAttorney.grantor_id, PowerOfAttorney.level).where(
            PowerOfAttorney.grantee_id == person.id,
            PowerOfAttorney.created_at <= now,
            or_(PowerOfAttorney.revoked_at.is_(None), PowerOfAttorney.revoked_at > now))
        rows = db.session.execute(union_all(children, powers)).all()
        return (frozenset(other for kind, other, _level in rows if kind == "child"),
                {other: HeldPower(other, level) for kind, other, level in rows if kind == "power"})
    return db.kept(("relations", person.id), read)


def active_power(grantor, grantee, *, now: datetime) -> HeldPower | None:
    """Return the power of attorney in force from grantor to grantee at a moment, if any."""
    return _relations(grantee, now)[1].get(grantor.id)


def may_hold_power(grantor, grantee, on: date) -> bool:
    """Tell whether the two are old enough for a power of attorney on a date (16 and 18)."""
    return (clock.age_on(grantor.birth_date, on) >= MIN_AGE_TO_GRANT
            and clock.age_on(grantee.birth_date, on) >= MIN_AGE_TO_HOLD)


def shared_categories(child, parent) -> frozenset[str]:
    """Return what the child has chosen to share with this parent now."""
    return _shares_with(parent).get(child.id, frozenset())


def _shares_with(parent) -> dict[int, frozenset[str]]:
    """Return what each child shares with a parent now, by the child's id (one query for
    all of a parent's children)."""
    def read():
        found: dict[int, set[str]] = {}
        for child_id, category in db.session.execute(
                select(YouthShare.child_id, YouthShare.category).where(
                    YouthShare.parent_id == parent.id, YouthShare.revoked_at.is_(None))):
            found.setdefault(child_id, set()).add(category)
        return {child_id: frozenset(categories) for child_id, categories in found.items()}
    return db.kept(("shares", parent.id), read)


def related_ids(person) -> set[int]:
    """Return the ids of a person's children (any age) and of those whose powers of attorney
    the person holds now: the people the person might act for, before the decision asks."""
    children, powers = _relations(person, db.utcnow())
    return set(children) | set(powers)


def related_people(person) -> list:
    """Return the people of `related_ids`, youngest first, in one query (none when there
    are none)."""
    ids = related_ids(person)
    if not ids:
        return []
    return db.kept(("related", person.id), lambda: list(db.session.scalars(
        select(Person).where(Person.id.in_(ids)).order_by(Person.birth_date.desc()))))


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
