"""The deadlines of a case, counted in Oslo's calendar.

- Appeal: 4 weeks from when the decision reached the person (pbrl § 7-5), 3 weeks to the
  municipal appeals board (forvaltningsloven § 29; appeals.py says which). The deadline runs
  out at the end of the last day; a last day on a weekend or public holiday moves to the next
  working day (forvaltningsloven § 30 and domstolloven § 149), by the portal's one
  working-day calendar (portal/workdays.py).
- Interim reply: as soon as it is clear that a case will take time, and at the latest within
  one month (forvaltningsloven § 11 a), the applicant is told why and when to expect a
  decision. The case officer sends it; for a case without one, a job sends an automatic
  notice around day 21, which promises no date.
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta

from portal import workdays
from portal.clock import OSLO

# When the job sends its automatic notice to a case without an interim reply: before the month.
AUTOMATIC_INTERIM_AFTER = timedelta(days=21)


def appeal_last_day(reached_at: datetime, weeks: int = 4) -> date:
    """Return the last day on which an appeal is in time, counted from when it reached the person."""
    return workdays.on_or_after(reached_at.astimezone(OSLO).date() + timedelta(weeks=weeks))


def closes_at(last_day: date) -> datetime:
    """Return the moment a period is over: midnight after its last day, in Oslo."""
    return datetime.combine(last_day + timedelta(days=1), time(), OSLO)


def add_months(moment: datetime, months: int) -> datetime:
    """Move a moment by whole calendar months on Oslo's clock (31 January + 1 = 28/29 February)."""
    local = moment.astimezone(OSLO)
    index = local.year * 12 + local.month - 1 + months
    year, month = divmod(index, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    moved = datetime.combine(date(year, month + 1, day), local.time(), OSLO)
    return moved.astimezone(UTC)


def interim_due(submitted_at: datetime) -> datetime:
    """Return when an application without a decision must have had an interim reply."""
    return add_months(submitted_at, 1)


def days_since(moment: datetime | None, today: date) -> int | None:
    """Return whole days from a moment (its Oslo date) to a day."""
    return None if moment is None else (today - moment.astimezone(OSLO).date()).days
