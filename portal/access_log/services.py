"""Reading the access log for a person, newest first, with filters."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import joinedload

from portal.audit import ACTOR_ROLES, AccessLogEntry
from portal.clock import OSLO

PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilter:
    """Which entries to show: by the reader's role and by period (Oslo dates, inclusive)."""

    role: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class LogPage:
    """One page of entries and whether there are more."""

    entries: list[AccessLogEntry]
    page: int
    total: int

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-self.total // PAGE_SIZE))


def _moment(day: date) -> datetime:
    """Return midnight in Oslo at the start of a day."""
    return datetime.combine(day, time(), OSLO)


def entries_for(scope, log_filter: LogFilter, page: int = 1) -> LogPage:
    """Return a page of the scope's log of reads of the person's data, newest first."""
    conditions = []
    if log_filter.role in ACTOR_ROLES:
        conditions.append(AccessLogEntry.actor_role == log_filter.role)
    if log_filter.start:
        conditions.append(AccessLogEntry.at >= _moment(log_filter.start))
    if log_filter.end:
        conditions.append(AccessLogEntry.at < _moment(log_filter.end + timedelta(days=1)))
    total = scope.count(AccessLogEntry, *conditions)
    page = max(1, page)
    entries = scope.rows(
        scope.select(AccessLogEntry, *conditions)
        .options(joinedload(AccessLogEntry.actor), joinedload(AccessLogEntry.unit))
        .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return LogPage(entries, page, total)
