"""Reading the access log for a person, newest first, with filters."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import db
from portal.audit import ACTOR_ROLES, AccessLogEntry
from portal.clock import OSLO
from portal.journal.models import Person

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilter:
    """Which entries to show: by the reader's role, by who read, and by period (Oslo dates,
    inclusive)."""

    role: str | None = None
    start: date | None = None
    end: date | None = None
    actor_id: int | None = None


@dataclass(frozen=True)
class Group:
    """Reads by one person, in one role and unit (or through one app), of one kind of data,
    on one day.

    Issue 19, item 6: "Nils Eide looked at your messages 14 times on 30 November", with every
    entry kept behind the group.
    """

    day: date
    entries: list[AccessLogEntry]  # newest first

    @property
    def first(self) -> AccessLogEntry:
        """Return the newest entry, which names who, in which role and unit, read what."""
        return self.entries[0]

    @property
    def count(self) -> int:
        """Return how many reads the group holds."""
        return len(self.entries)


@dataclass(frozen=True)
class GroupPage:
    """One page of groups, newest first."""

    groups: list[Group]
    page: int
    total: int
    reads: int

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // PAGE_SIZE))


def _moment(day: date) -> datetime:
    """Return midnight in Oslo at the start of a day."""
    return datetime.combine(day, time(), OSLO)


def _conditions(log_filter: LogFilter) -> list:
    """Return the conditions of a filter on the log's entries."""
    conditions = []
    if log_filter.actor_id is not None:
        conditions.append(AccessLogEntry.actor_id == log_filter.actor_id)
    if log_filter.role in ACTOR_ROLES:
        conditions.append(AccessLogEntry.actor_role == log_filter.role)
    if log_filter.start:
        conditions.append(AccessLogEntry.at >= _moment(log_filter.start))
    if log_filter.end:
        conditions.append(AccessLogEntry.at < _moment(log_filter.end + timedelta(days=1)))
    return conditions


def groups_for(scope, log_filter: LogFilter, page: int = 1) -> GroupPage:
    """Return a page of the scope's reads grouped by day, reader, role, unit and what was read.

    A person's log is read whole (it is a few hundred entries for most people) and grouped
    here, so that a day's reads by one reader of one kind of data are one line, and every
    entry stays behind it; the newest group first.
    """
    entries = scope.rows(
        scope.select(AccessLogEntry, *_conditions(log_filter))
        .options(joinedload(AccessLogEntry.actor), joinedload(AccessLogEntry.unit),
                 joinedload(AccessLogEntry.app))
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc()))
    groups: dict[tuple, Group] = {}
    for entry in entries:
        day = entry.at.astimezone(OSLO).date()
        key = (day, entry.actor_id, entry.actor_role, entry.unit_id, entry.app_id, entry.what)
        groups.setdefault(key, Group(day, [])).entries.append(entry)
    ordered = list(groups.values())
    page = max(1, page)
    return GroupPage(ordered[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], page, len(ordered),
                     len(entries))


def readers(scope) -> list[tuple[int, str]]:
    """Return (id, name) of everyone who has read the person's data, by name, for the filter."""
    found = scope.execute(
        scope.select(AccessLogEntry).with_only_columns(AccessLogEntry.actor_id).distinct())
    ids = [actor_id for actor_id, in found]
    if not ids:
        return []
    people = db.session.scalars(select(Person).where(Person.id.in_(ids)))
    return sorted(((p.id, p.name) for p in people), key=lambda r: r[1].casefold())
