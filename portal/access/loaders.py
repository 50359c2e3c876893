"""Loaders, not verdicts: the only way to a person's data.

`open_scope` asks the decision and, when it says yes, returns a Scope: the person's rows of
one area that the actor may see, as SQL conditions (confidentiality and the age rules
included), with methods that run a query and note the read once it has succeeded. Lists,
counts, filter options, cards, PDFs and notices are all built from a scope's rows, so
nothing derived from hidden rows can show. `load` reads one row the same way; for staff, it
finds the row's purpose and asks the decision with it. A refusal raises, and is never noted
as a read.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, not_, select

from portal import clock, db
from portal.access import registry
from portal.access.actor import Actor, Role
from portal.access.areas import PROFILE, Area, Verb
from portal.access.decision import Decision, check
from portal.access.refusals import NotFound, Refusal, StepUp, refusal
from portal.journal.models import Person
from portal.representation import rules


@dataclass(frozen=True)
class Read:
    """One read of a person's data by someone else, or by an app, for the access log."""

    actor_id: int
    role: str
    subject_id: int
    what: str
    resource_id: int | None
    unit_id: int | None
    app_id: int | None = None


ReadSink = Callable[[Read], None]


def _ignore(_read: Read) -> None:
    """Drop a read (outside a request, where no person reads)."""


class Scope:
    """The rows of one area that an actor may see of a person, or, for staff, of their unit.

    A read is noted when a query of the scope has run: a list shown empty still tells the
    reader that there is nothing, so it counts, unless the scope only peeks (a card on the
    home page shows nothing when it finds nothing, and then nothing was seen).
    """

    def __init__(self, decision: Decision, actor: Actor, subject, *, now: datetime,
                 reads: ReadSink | None = None, peek: bool = False):
        self.decision, self.actor, self.subject, self.now = decision, actor, subject, now
        self.area: Area = decision.area
        self._reads = reads or _ignore
        self._peek = peek

    @property
    def for_staff(self) -> bool:
        """Tell whether this is a unit's view across people (a staff list), not one person's."""
        return self.subject is None

    def where(self, model: type) -> list:
        """Return the conditions that keep a query on a table to the rows this scope sees."""
        rows = self.area.rows_of(model)
        if rows is None:
            raise LookupError(f"{self.area!r} declares no rows of {model.__name__}")
        conditions = list(rows.where()) if rows.where else []
        if self.actor.is_staff:
            # Staff see the rows their unit has a purpose for, of one person or of all.
            if rows.staff is None:
                raise LookupError(f"staff have no purpose for {model.__name__} in {self.area!r}")
            conditions.insert(0, rows.staff.rows(self.actor.unit_id))
            if not self.for_staff:
                conditions.insert(0, rows.owner == self.subject.id)
            return conditions
        conditions.insert(0, rows.owner == self.subject.id)
        if rows.visible:
            conditions += rows.visible(self.now)
        if rows.confidential is not None and not self.decision.include_confidential:
            conditions.append(not_(rows.confidential()))
        if self.decision.restricted and rows.restricted:
            conditions += rows.restricted()
        return conditions

    def select(self, model: type, *conditions):
        """Return a SELECT of the table's rows in this scope, narrowed further by conditions."""
        return select(model).where(*self.where(model), *conditions)

    def rows(self, statement) -> list:
        """Run a SELECT of whole rows built from this scope, and note what was read."""
        found = list(db.session.scalars(statement).unique())
        self._note_rows(found)
        return found

    def first(self, statement):
        """Run a SELECT of whole rows and return the first, or None."""
        found = self.rows(statement.limit(1))
        return found[0] if found else None

    def execute(self, statement) -> list:
        """Run a SELECT of columns built from a person's scope; note the read if it found any.

        A unit's list across people notes each person's rows: it reads them with `rows`.
        """
        found = list(db.session.execute(statement))
        if (found or not self._peek) and not self.for_staff:
            self.note()
        return found

    def count(self, model: type, *conditions) -> int:
        """Count the table's rows in this scope (a read of the person's, as a list is)."""
        number = db.session.scalar(select(func.count()).select_from(model)
                                   .where(*self.where(model), *conditions))
        if (number or not self._peek) and not self.for_staff:
            self.note()
        return number

    def how_many(self, model: type, *conditions):
        """Return a question counting the table's rows in this scope, as a scalar subquery to
        be asked together with others (the home page's cards); it runs nothing and notes
        nothing: whoever shows the answer notes the read."""
        return (select(func.count()).select_from(model)
                .where(*self.where(model), *conditions).scalar_subquery())

    def first_of(self, column, model: type, *conditions, order_by):
        """Return a question for one column of the first of the table's rows in this scope,
        in an order, as a scalar subquery (see `how_many`)."""
        return (select(column).where(*self.where(model), *conditions)
                .order_by(*order_by).limit(1).scalar_subquery())

    def get(self, model: type, row_id: int, *conditions, options=()):
        """Return one row in this scope by id, noting the read, or raise NotFound."""
        row = db.session.scalars(self.select(model, model.id == row_id, *conditions)
                                 .options(*options).limit(1)).unique().first()
        if row is None:
            raise NotFound()
        self.note(row.id, owner=self._owner(model, row))
        return row

    def note(self, resource_id: int | None = None, *, owner: int | None = None) -> None:
        """Note a read of the area by someone other than the person, or by an app acting for
        anyone, the person included (the access log)."""
        if self.area is PROFILE or not (self.decision.by_someone_else or self.actor.app_id):
            return
        subject_id = owner if owner is not None else self.subject.id
        self._reads(Read(self.actor.person.id, str(self.decision.role), subject_id,
                         self.area.code, resource_id, self.actor.unit_id, self.actor.app_id))

    def _note_rows(self, found: list) -> None:
        """Note a list as read: once for a person's list, once per row of a unit's list.

        A unit's list notes its people only where it shows their health data (issue 19,
        item 6): the day list of appointments is the unit's own work, and a person's access
        log would drown in it; opening one appointment is still noted.
        """
        if not self.for_staff:
            if found or not self._peek:
                self.note()
            return
        if not found or not self.area.health:
            return
        model = type(found[0])
        for row in found:
            self.note(row.id, owner=self._owner(model, row))

    def _owner(self, model: type, row) -> int:
        """Return the id of the person a row belongs to."""
        return getattr(row, self.area.rows_of(model).owner.key)


def open_scope(actor: Actor | None, subject, area: Area, verb: Verb = Verb.VIEW, *,
               on: date | None = None, now: datetime | None = None, purpose=None,
               reads: ReadSink | None = None, peek: bool = False) -> Scope:
    """Decide, and return the scope of the person's rows of the area, or raise a Refusal."""
    now = now or db.utcnow()
    decision = check(actor, subject, area, verb, on=on, now=now, purpose=purpose)
    if not decision:
        raise refusal(decision, subject)
    return Scope(decision, actor, subject, now=now, reads=reads, peek=peek)


def staff_scope(actor: Actor | None, area: Area, *, now: datetime | None = None,
                reads: ReadSink | None = None) -> Scope:
    """Return the rows of an area that a staff member's unit has a purpose for, or refuse."""
    if actor is None or not actor.is_staff or actor.unit_id is None:
        raise NotFound()
    decision = Decision(True, area, Verb.VIEW, Role.STAFF, include_confidential=True)
    return Scope(decision, actor, None, now=now or db.utcnow(), reads=reads)


def load(actor: Actor | None, subject, model: type, row_id: int, *, verb: Verb = Verb.VIEW,
         area: Area | None = None, where: Iterable = (), options: Iterable = (),
         read: bool = True, on: date | None = None, now: datetime | None = None,
         reads: ReadSink | None = None):
    """Return one of the subject's rows through the decision, or raise a Refusal.

    The row is looked for in each area that has rows of the table (or the one given), under
    that area's scope. `read=False` loads a row only to act on it, without noting a read.
    """
    now = now or db.utcnow()
    refusals: list[Refusal] = []
    for each in _areas(model, area):
        try:
            return open_scope(actor, subject, each, verb, on=on, now=now,
                              reads=reads if read else None).get(model, row_id, *where,
                                                                 options=options)
        except Refusal as exc:
            refusals.append(exc)
    # The same answer whether or not the row exists: asked to log in at the high level
    # first, then "not found" where some area was open, else the rule that stopped the reader.
    refusals.sort(key=lambda r: (not isinstance(r, StepUp), not isinstance(r, NotFound)))
    raise refusals[0]


def load_for_staff(actor: Actor | None, model: type, row_id: int, *, verb: Verb = Verb.VIEW,
                   area: Area | None = None, where: Iterable = (), options: Iterable = (),
                   read: bool = True, on: date | None = None, now: datetime | None = None,
                   reads: ReadSink | None = None):
    """Return a row the staff member's unit has a purpose for, deciding with that purpose.

    The row is found among those the unit reaches; its purpose is looked up for it (never
    taken from the caller), and the decision is asked with it, for the row's person.
    """
    now = now or db.utcnow()
    if actor is None or not actor.is_staff:
        raise NotFound()
    for each in _areas(model, area):
        rows = each.rows_of(model)
        if rows.staff is None:
            continue
        row = db.session.scalars(select(model).where(
            model.id == row_id, rows.staff.rows(actor.unit_id),
            *(rows.where() if rows.where else ()), *where).options(*options)
            .limit(1)).unique().first()
        if row is None:
            continue
        person = db.session.get(Person, getattr(row, rows.owner.key))
        scope = open_scope(actor, person, each, verb, on=on, now=now,
                           purpose=rows.staff.purpose_of(row, actor.unit_id),
                           reads=reads if read else None)
        scope.note(row.id)
        return row
    raise NotFound()


def _areas(model: type, area: Area | None) -> list[Area]:
    """Return the area given, or every area with rows of the table."""
    areas = [area] if area is not None else registry.areas_of(model)
    if not areas:
        raise LookupError(f"no area declares rows of {model.__name__}")
    return areas


def may_act_for(actor_person, subject, on: date | None = None) -> bool:
    """Tell whether a citizen may act for the subject at all (for choosing whom to act for)."""
    return bool(check(Actor(actor_person), subject, PROFILE, on=on))


def people_to_act_for(actor_person, on: date | None = None) -> list:
    """Return the people a citizen may act for, children first, then powers of attorney."""
    on = on or clock.today()
    return [p for p in rules.related_people(actor_person) if may_act_for(actor_person, p, on)]
