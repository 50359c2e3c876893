"""Which units a unit's staff serve: the unit itself, and its sub-units where it covers them.

DOMAIN.md, "People, places and the shared journal": every team with an inbox must have
someone who can read it. A municipality can let a unit's staff serve its sub-units (their
inbox and day list), by setting `Organization.covers_sub_units`.
"""

from flask import g, has_request_context
from sqlalchemy import and_, or_, select

from portal import db
from portal.journal.models import Organization

# A unit's parent in `served_by`, made once: building an alias of a mapped class costs about
# a millisecond, and a staff day list asks who a unit serves six times (issue 22).
_PARENT = Organization.__table__.alias()


def served_by(unit_id: int):
    """Return a subquery of the ids of the units a unit's staff serve."""
    return select(Organization.id).outerjoin(_PARENT, _PARENT.c.id == Organization.part_of_id).where(
        or_(Organization.id == unit_id,
            and_(Organization.part_of_id == unit_id, _PARENT.c.covers_sub_units.is_(True))))


def served_ids(unit_id: int) -> list[int]:
    """Return the ids of the units a unit's staff serve (`served_by`) as a list, which lets a
    query planner know how few they are (SQLite scanned every thread of the municipality for
    an inbox's counts, not knowing). A unit that covers no sub-units serves only itself: no
    query for it, as it is in the session already (the login's unit)."""
    unit = db.session.get(Organization, unit_id)
    if unit is not None and not unit.covers_sub_units:
        return [unit_id]
    return list(db.session.scalars(served_by(unit_id)))


def serves(unit_id: int | None, other_id: int | None) -> bool:
    """Tell whether a unit's staff serve another unit (itself, or a sub-unit it covers)."""
    if unit_id is None or other_id is None:
        return False
    return unit_id == other_id or db.session.scalar(
        select(Organization.id).where(Organization.id == other_id,
                                      Organization.id.in_(served_by(unit_id)))) is not None


def municipality_of(unit: Organization | None) -> Organization | None:
    """Return the municipality a unit belongs to, up its chain of parents (None outside one).

    The units are few (dozens, whatever the population): in a request, the first walk reads
    them all in one query and holds them, so this walk and every later one find their
    parents in the session instead of asking for each (issue 22).
    """
    if unit is not None and unit.kind != "municipality":
        _hold_all()
    while unit is not None and unit.kind != "municipality":
        unit = unit.part_of
    return unit


def get(unit_id: int) -> Organization | None:
    """Return a unit by id: in a request, from the units read once (see `municipality_of`)."""
    _hold_all()
    return db.session.get(Organization, unit_id)


def _hold_all() -> None:
    """Read every unit once in a request and hold them: the session keeps only the rows
    something refers to, so without holding them each walk would ask again."""
    if has_request_context() and "units_read" not in g:
        g.units_read = db.session.scalars(select(Organization)).all()


def _every_unit() -> list[Organization]:
    """Return every unit: in a request the ones read once and held, else read now."""
    if has_request_context():
        _hold_all()
        return g.units_read
    return list(db.session.scalars(select(Organization)))


def names(ids) -> dict[int, str]:
    """Return the names of units by id, from the units read once in a request."""
    wanted = set(ids)
    return {unit.id: unit.name for unit in _every_unit() if unit.id in wanted}


def municipalities() -> dict[int, list[int]]:
    """Return every municipality's id with the ids of itself and every unit under it."""
    every = _every_unit()
    below: dict[int | None, list[int]] = {}
    for unit in every:
        below.setdefault(unit.part_of_id, []).append(unit.id)
    return {unit.id: _subtree(unit.id, below) for unit in every if unit.kind == "municipality"}


def _subtree(unit_id: int, below: dict) -> list[int]:
    """Return a unit's id and its descendants' ids, from a map of children."""
    found, todo = [], [unit_id]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(below.get(current, ()))
    return sorted(found)
