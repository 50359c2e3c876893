"""Acting for others, powers of attorney and what young people share: the rules as functions."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import or_, select

from portal import access, clock, db
from portal.access import registry
from portal.journal.models import Person
from portal.journal.national_id import InvalidNationalId, parse
from portal.representation import rules
from portal.representation.models import (
    POA_LEVELS,
    SHARE_CATEGORIES,
    ParentalResponsibility,
    PowerOfAttorney,
    YouthShare,
)


class RepresentationError(Exception):
    """A request about representation that cannot be done; the message says why."""


def act_for(login, subject: Person, *, on: date) -> None:
    """Make subject the person the session acts for, if the actor may act for them."""
    if subject.id == login.person_id:
        login.subject_id = None
    elif not access.may_act_for(login.person, subject, on):
        raise RepresentationError(_("You cannot act for this person."))
    else:
        login.subject_id = subject.id
    db.session.flush()


def act_as_self(login) -> None:
    """Go back to acting for oneself."""
    login.subject_id = None
    db.session.flush()


def relation_to(actor: Person, subject: Person, *, on: date, now: datetime):
    """Return ("power", level) or ("child", age) describing why actor may act for subject."""
    power = rules.active_power(subject, actor, now=now)
    if power is not None and rules.may_hold_power(subject, actor, on):
        return ("power", power.level)
    return ("child", clock.age_on(subject.birth_date, on))


def find_person(national_id: str, family_name: str) -> Person:
    """Find a person by national identity number and surname together, or refuse."""
    try:
        number = parse(national_id).value
    except InvalidNationalId as exc:
        raise RepresentationError(str(exc)) from None
    person = db.session.scalar(select(Person).where(Person.national_id == number))
    if person is None or _fold(person.family_name) != _fold(family_name):
        # The same words whichever part was wrong, so the form reveals nobody's number.
        raise RepresentationError(_(
            "We found no one with this national identity number and surname. "
            "Check both and try again."))
    return person


def _fold(name: str) -> str:
    """Compare surnames without case or extra spaces."""
    return " ".join((name or "").split()).casefold()


def grant(grantor: Person, grantee: Person, level: str, *, on: date, now: datetime) -> PowerOfAttorney:
    """Give grantee a power of attorney at a level, after checking ages and duplicates."""
    if level not in POA_LEVELS:
        raise RepresentationError(_("Choose one of the levels."))
    if grantee.id == grantor.id:
        raise RepresentationError(_("You cannot give a power of attorney to yourself."))
    if clock.age_on(grantor.birth_date, on) < rules.MIN_AGE_TO_GRANT:
        raise RepresentationError(_("You must be 16 or older to give a power of attorney."))
    if clock.age_on(grantee.birth_date, on) < rules.MIN_AGE_TO_HOLD:
        raise RepresentationError(
            _("{name} is under 18 and cannot hold a power of attorney.").format(name=grantee.name))
    if rules.active_power(grantor, grantee, now=now) is not None:
        raise RepresentationError(_(
            "{name} already holds a power of attorney from you. Change its level instead."
        ).format(name=grantee.name))
    power = PowerOfAttorney(grantor=grantor, grantee=grantee, level=level, created_at=now)
    db.session.add(power)
    db.session.flush()
    return power


def own_power(grantor: Person, power_id: int, *, now: datetime) -> PowerOfAttorney:
    """Return a power of attorney in force that this person has given, or refuse."""
    power = db.session.get(PowerOfAttorney, power_id)
    if power is None or power.grantor_id != grantor.id or (
            power.revoked_at is not None and power.revoked_at <= now):
        raise RepresentationError(_("We could not find that power of attorney."))
    return power


def change_level(power: PowerOfAttorney, level: str) -> None:
    """Change the level of a power of attorney."""
    if level not in POA_LEVELS:
        raise RepresentationError(_("Choose one of the levels."))
    power.level = level
    db.session.flush()


def revoke(power: PowerOfAttorney, *, now: datetime) -> None:
    """Revoke a power of attorney at once."""
    power.revoked_at = now
    db.session.flush()


def powers_given(grantor: Person, *, now: datetime) -> list[PowerOfAttorney]:
    """Return the powers of attorney in force that a person has given."""
    return _powers(PowerOfAttorney.grantor_id == grantor.id, now)


def powers_held(grantee: Person, *, now: datetime) -> list[PowerOfAttorney]:
    """Return the powers of attorney in force that a person holds."""
    return _powers(PowerOfAttorney.grantee_id == grantee.id, now)


def _powers(condition, now: datetime) -> list[PowerOfAttorney]:
    """Return the powers in force matching a condition, oldest first."""
    return list(db.session.scalars(
        select(PowerOfAttorney).where(
            condition, or_(PowerOfAttorney.revoked_at.is_(None), PowerOfAttorney.revoked_at > now)
        ).order_by(PowerOfAttorney.created_at)
    ))


def may_share(child: Person, *, on: date) -> bool:
    """Tell whether a person is of the age (12-15) where sharing with parents applies."""
    return rules.aged_12_to_15(child, on)


def children_of_age(parent: Person, *, on: date) -> list[tuple[Person, int]]:
    """Return the parent's children of 16 and 17, whom parents no longer act for, with ages.

    DOMAIN.md, "Acting for others": from 16 a young person manages their own health
    information. The page says why they are not listed (issue 16, item 6); they can give
    a power of attorney like any adult.
    """
    children = rules.children_ids(parent)
    return [(child, age) for child in reversed(rules.related_people(parent))
            if child.id in children and 16 <= (age := clock.age_on(child.birth_date, on)) < 18]


def parents_of(child: Person) -> list[Person]:
    """Return the people with parental responsibility for a child."""
    return list(db.session.scalars(
        select(Person).join(ParentalResponsibility, ParentalResponsibility.parent_id == Person.id)
        .where(ParentalResponsibility.child_id == child.id).order_by(Person.given_name)
    ))


def set_shares(child: Person, parent: Person, categories: set[str], *, on: date,
               now: datetime) -> None:
    """Share exactly these categories with a parent: new ones start, others stop, at once."""
    if not may_share(child, on=on):
        raise RepresentationError(_("Sharing with parents applies from 12 to 15 years of age."))
    if parent.id not in {p.id for p in parents_of(child)}:
        raise RepresentationError(_("You can only share with a parent who has parental responsibility for you."))
    unknown = categories - set(SHARE_CATEGORIES)
    if unknown:
        raise RepresentationError(_("Choose from the categories shown."))
    current = {s.category: s for s in db.session.scalars(select(YouthShare).where(
        YouthShare.child_id == child.id, YouthShare.parent_id == parent.id,
        YouthShare.revoked_at.is_(None)))}
    for category in set(current) - categories:
        current[category].revoked_at = now
    for category in categories - set(current):
        db.session.add(YouthShare(child_id=child.id, parent_id=parent.id, category=category,
                                  created_at=now))
    db.session.flush()


def seen_by_parent(child: Person, parent: Person, *, now: datetime) -> list[tuple]:
    """Return (area, how many of its rows) for each area a parent acting for the child sees now.

    Asked of the one access decision, as the parent (no read is logged: the young person is
    looking at their own data), so the page shows exactly what the parent would see.
    """
    seen = []
    for area in registry.areas():
        if area is access.PROFILE or not area.rows:
            continue
        try:
            scope = access.open_scope(access.Actor(parent), child, area, now=now)
        except access.Refusal:
            continue
        seen.append((area, scope.count(area.rows[0].model)))
    return seen
