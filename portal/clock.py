"""Dates as Norway sees them: the request's date in Europe/Oslo, and ages on a date."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def today() -> date:
    """Return today's date in Oslo (a child who turns 12 today is 12 from midnight in Oslo)."""
    return datetime.now(OSLO).date()


def start_of_day(day: date) -> datetime:
    """Return the first moment of a day in Oslo, in UTC."""
    return datetime.combine(day, time(), OSLO).astimezone(UTC)


@dataclass(frozen=True)
class Moment:
    """The moment a page asks its questions at: now (in UTC) and today's date in Oslo.

    `derived(name, compute)` is a bound computed from them (the end of the coming week),
    named so that a question built once with placeholders for the moment (the home page's
    cards, see `portal.home.cards`) computes it again for each request.
    """

    now: datetime
    today: date

    def derived(self, name: str, compute: Callable[["Moment"], object]):
        """Return a value computed from the moment (its name matters only to placeholders)."""
        return compute(self)


def end_of_day(day: date) -> datetime:
    """Return the last moment of a day in Oslo (a date to answer by is the whole day)."""
    return datetime.combine(day, time(23, 59, 59), OSLO)


def age_on(birth_date: date, on: date) -> int:
    """Return the age in whole years on a date; someone born on 29 February ages on 1 March."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def reached(birth_date: date, months: int) -> date:
    """Return the day someone born on a date is a number of whole months old.

    The same rule as `age_on`: a birthday that the month lacks (the 31st, 29 February) is
    reached on the 1st of the month after, so someone born on 29 February turns 1 on 1 March.
    """
    year, month = divmod(birth_date.month - 1 + months, 12)
    year, month = birth_date.year + year, month + 1
    try:
        return birth_date.replace(year=year, month=month)
    except ValueError:
        return date(year + month // 12, month % 12 + 1, 1)
