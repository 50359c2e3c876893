"""The deadlines of a case, counted in Oslo's calendar.

- Appeal: 4 weeks from the decision (pbrl § 7-5, forvaltningsloven § 29). The deadline runs
  out at the end of the last day; a last day on a Saturday or Sunday moves to the Monday
  (forvaltningsloven § 30 and domstolloven § 149). Public holidays are not counted here.
- Interim reply: when there is no decision one month after the application came in
  (forvaltningsloven § 11a), the applicant is told why and when to expect one.
"""

import calendar
from datetime import UTC, date, datetime, time, timedelta

from portal.clock import OSLO

APPEAL_PERIOD = timedelta(weeks=4)
# How far ahead an interim reply promises the decision.
EXPECTED_AFTER_INTERIM = timedelta(weeks=4)


def appeal_last_day(decided_at: datetime) -> date:
    """Return the last day on which an appeal of a decision is in time."""
    last = decided_at.astimezone(OSLO).date() + APPEAL_PERIOD
    while last.weekday() >= 5:
        last += timedelta(days=1)
    return last


def appeal_closes_at(decided_at: datetime) -> datetime:
    """Return the moment the appeal period is over: midnight after the last day, in Oslo."""
    return datetime.combine(appeal_last_day(decided_at) + timedelta(days=1), time(), OSLO)


def appeal_is_late(decided_at: datetime, now: datetime) -> bool:
    """Tell whether an appeal sent now comes after the deadline."""
    return now >= appeal_closes_at(decided_at)


def add_months(moment: datetime, months: int) -> datetime:
    """Move a moment by whole calendar months on Oslo's clock (31 January + 1 = 28/29 February)."""
    local = moment.astimezone(OSLO)
    index = local.year * 12 + local.month - 1 + months
    year, month = divmod(index, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    moved = datetime.combine(date(year, month + 1, day), local.time(), OSLO)
    return moved.astimezone(UTC)


def interim_due(submitted_at: datetime) -> datetime:
    """Return when an application without a decision is owed an interim reply."""
    return add_months(submitted_at, 1)


def expected_decision(now: datetime) -> date:
    """Return the date an interim reply sent now promises a decision by."""
    return (now + EXPECTED_AFTER_INTERIM).astimezone(OSLO).date()


def days_since(moment: datetime | None, today: date) -> int | None:
    """Return whole days from a moment (its Oslo date) to a day."""
    return None if moment is None else (today - moment.astimezone(OSLO).date()).days
