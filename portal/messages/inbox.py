"""The team inbox: one shared pool per care team; take, answer, hand on, close, reopen.

DOMAIN.md, "Secure messages": staff see a shared inbox per team, take a thread, reply,
hand it on and close it. Staff see their own unit's threads only (exactly its id: the
youth health station's pool is not the health station's). Every list here is paged and
served by the indexes on thread (unit, status, last message) and (assigned to), so a team
with 10,000 threads gets its page in the same few queries as a team with ten.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import and_, case, exists, func, or_, select, update
from sqlalchemy.orm import joinedload

from portal import db, workdays
from portal.journal import units
from portal.journal.models import Organization, Practitioner
from portal.messages import notify, services
from portal.messages.models import Message, Thread
from portal.messages.services import MessageError

TABS = ("unassigned", "mine", "open", "closed")
PAGE_SIZE = 25


@dataclass(frozen=True)
class InboxPage:
    """One page of a tab of the inbox: (thread, assigned practitioner) rows."""

    tab: str
    rows: list[tuple[Thread, Practitioner | None]]
    page: int
    total: int

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // PAGE_SIZE))


def counts(unit_id: int, practitioner_id: int | None, now: datetime) -> dict[str, int]:
    """Return how many threads each tab holds, and how many are overdue, in one query.

    The sums are taken over the team's open threads only, which the index on (unit, status,
    last message) finds; the closed ones, which grow with every year the team has answered,
    are only counted along the same index, not read (issue 22: the inbox was 36 ms at
    100,000 citizens, summing every thread the team ever had). The teams are given as ids,
    so that SQLite's planner, knowing how few, takes the index instead of the table.
    """
    served = Thread.unit_id.in_(units.served_ids(unit_id))

    def number(*conditions):
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    closed = (select(func.count()).select_from(Thread)
              .where(served, Thread.status == "closed").scalar_subquery())
    row = db.session.execute(select(
        number(Thread.assigned_to_id.is_(None)),
        number(Thread.assigned_to_id == (practitioner_id or -1)),
        func.count(),
        closed,
        number(Thread.answer_due_at < now),
        number(Thread.answer_due_at.is_not(None)),
    ).where(served, Thread.status == "open")).one()
    return dict(zip(("unassigned", "mine", "open", "closed", "overdue", "waiting"),
                    (int(n) for n in row), strict=True))


def _tab_conditions(tab: str, practitioner_id: int | None) -> list:
    """Return the conditions of a tab."""
    conditions = [Thread.status == ("closed" if tab == "closed" else "open")]
    if tab == "unassigned":
        conditions.append(Thread.assigned_to_id.is_(None))
    elif tab == "mine":
        conditions.append(Thread.assigned_to_id == (practitioner_id or -1))
    return conditions


def page_of(scope, tab: str, practitioner_id: int | None, *, total: int,
            page: int = 1) -> InboxPage:
    """Return a page of a tab of the team's scope: the pool oldest first, others newest."""
    page = max(1, min(page, -(-total // PAGE_SIZE) or 1))
    # Ties broken by id in the same direction, so the index is read in one sweep.
    order = ((Thread.last_message_at.asc(), Thread.id.asc()) if tab == "unassigned"
             else (Thread.last_message_at.desc(), Thread.id.desc()))
    rows = scope.rows(
        scope.select(Thread, *_tab_conditions(tab, practitioner_id))
        .options(joinedload(Thread.person), joinedload(Thread.assigned_to))
        .order_by(*order).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return InboxPage(tab, [(t, t.assigned_to) for t in rows], page, total)


def colleagues(unit_id: int) -> list[Practitioner]:
    """Return the active staff who serve a team, by name, to hand a thread on to."""
    return sorted(db.session.scalars(select(Practitioner).where(
        Practitioner.active.is_(True), Practitioner.unit_id.in_(_serving(unit_id)))).unique(),
        key=lambda p: (p.person.family_name, p.person.given_name))


# The team and the serving unit in `_serving`, made once (an alias of a mapped class costs
# about a millisecond to build; issue 22).
_TEAM, _UNIT = Organization.__table__.alias(), Organization.__table__.alias()


def _serving(team_id):
    """Return a subquery of the units whose staff serve a team: itself, or a parent that
    covers its sub-units. `team_id` is an id, or the team's id column in an enclosing query
    (then it is asked of every team at once)."""
    parent = (select(_TEAM.c.part_of_id).where(_TEAM.c.id == team_id)
              .correlate_except(_TEAM).scalar_subquery())
    return select(_UNIT.c.id).where(or_(
        _UNIT.c.id == team_id, and_(_UNIT.c.id == parent, _UNIT.c.covers_sub_units.is_(True)))
    ).correlate_except(_UNIT)


def unstaffed_teams(municipality_id: int) -> list[tuple[Organization, int]]:
    """Return the municipality's teams with open threads that no active staff member serves.

    DOMAIN.md: every team with an inbox must have someone who can read it.
    """
    served = exists().where(Practitioner.active.is_(True),
                            Practitioner.unit_id.in_(_serving(Organization.id)))
    return [tuple(row) for row in db.session.execute(
        select(Organization, func.count(Thread.id)).join(Thread, Thread.unit_id == Organization.id)
        .where(Thread.status == "open", Organization.kind.in_(services.TEAM_KINDS),
               Organization.id.in_(select(Organization.id).where(
                   (Organization.part_of_id == municipality_id)
                   | Organization.part_of_id.in_(select(Organization.id).where(
                       Organization.part_of_id == municipality_id)))),
               ~served)
        .group_by(Organization.id).order_by(Organization.name))]


def assignee(thread: Thread) -> Practitioner | None:
    """Return the practitioner a thread is assigned to, or None."""
    return db.session.get(Practitioner, thread.assigned_to_id) if thread.assigned_to_id else None


def _staff(practitioner: Practitioner | None, thread: Thread) -> Practitioner:
    """Refuse a staff member who has no role in the thread's unit."""
    if practitioner is None or not units.serves(practitioner.unit_id, thread.unit_id):
        raise MessageError(_("You are not registered as staff in this unit."))
    return practitioner


def _open(thread: Thread) -> None:
    """Refuse to work on a closed thread."""
    if thread.status != "open":
        raise MessageError(_("This conversation is closed. Reopen it first."))


def take(thread: Thread, practitioner: Practitioner | None) -> None:
    """Take an unassigned thread; of two taking it at once, one wins, the other is told who."""
    me = _staff(practitioner, thread)
    _open(thread)
    if thread.assigned_to_id == me.id:
        return
    taken = db.session.execute(
        update(Thread).where(Thread.id == thread.id, Thread.assigned_to_id.is_(None),
                             Thread.status == "open")
        .values(assigned_to_id=me.id).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        db.session.refresh(thread)  # the UPDATE changed nothing; read who has it now
        _open(thread)
        other = assignee(thread)
        if other is None:
            raise MessageError(_("Someone changed this conversation just now. Try again."))
        raise MessageError(_("{name} has already taken this conversation. You can ask them to "
                             "hand it on to you.").format(name=other.person.name))
    db.session.refresh(thread)


def hand_on(thread: Thread, practitioner: Practitioner | None, to_id: int | None) -> Practitioner:
    """Hand a thread on to a colleague in the same unit; return the colleague."""
    _staff(practitioner, thread)
    _open(thread)
    colleague = db.session.get(Practitioner, to_id) if to_id else None
    if colleague is None or not colleague.active \
            or not units.serves(colleague.unit_id, thread.unit_id):
        raise MessageError(_("Choose a colleague in {unit}.").format(unit=thread.unit.name))
    thread.assigned_to_id = colleague.id
    db.session.flush()
    return colleague


def other_teams(unit_id: int) -> list[Organization]:
    """Return the municipality's other care teams a conversation may be sent on to, by name.

    Issue 16, item 8: a health station sends a question about a medicine to the GP office.
    Only teams people write to (services.TEAM_KINDS) of the same municipality; the team that
    receives it answers it, and the one that sent it no longer sees it.
    """
    unit = db.session.get(Organization, unit_id)
    home = units.municipality_of(unit)
    if home is None:
        return []
    teams = db.session.scalars(select(Organization).where(
        Organization.kind.in_(services.TEAM_KINDS), Organization.id != unit_id)
        .order_by(Organization.name))
    return [team for team in teams if units.municipality_of(team) is home]


def send_on(thread: Thread, practitioner: Practitioner | None, unit_id: int | None) -> Organization:
    """Send an open thread on to another care team of the municipality; return the team."""
    _staff(practitioner, thread)
    _open(thread)
    team = next((t for t in other_teams(thread.unit_id) if t.id == unit_id), None)
    if team is None:
        raise MessageError(_("Choose one of the municipality's teams."))
    thread.unit_id = team.id
    thread.assigned_to_id = None
    db.session.flush()
    return team


def answer(thread: Thread, practitioner: Practitioner | None, body: str, uploads: list, *,
           folder: Path, now: datetime):
    """Answer a thread (taking it if nobody has) and queue its notice; return the notice."""
    me = _staff(practitioner, thread)
    _open(thread)
    if thread.assigned_to_id is None:
        thread.assigned_to_id = me.id
    services.add_message(thread, me.person, "staff", body, uploads, folder, now)
    return notify.answered(thread, now)


def close(thread: Thread, practitioner: Practitioner | None) -> None:
    """Close a thread: it leaves the open lists and waits for nobody."""
    _staff(practitioner, thread)
    thread.status = "closed"
    thread.answer_due_at = None
    db.session.flush()


def reopen(thread: Thread, practitioner: Practitioner | None, now: datetime) -> None:
    """Reopen a closed thread; if the person wrote last, the team's clock starts again."""
    _staff(practitioner, thread)
    if thread.status == "open":
        return
    thread.status = "open"
    last: Message | None = thread.messages[-1] if thread.messages else None
    if last is not None and last.author_role != "staff" and thread.unit.answer_days:
        thread.answer_due_at = workdays.answer_due(now, thread.unit.answer_days)
    db.session.flush()


def summary(unit: Organization, now: datetime) -> dict[str, int] | None:
    """Return the inbox's counts for the workspace, or None for a unit with no inbox."""
    if unit is None or unit.kind not in services.TEAM_KINDS:
        return None
    return counts(unit.id, None, now)
