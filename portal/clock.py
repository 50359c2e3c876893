"""Dates as Norway sees them: the request's date in Europe/Oslo, and ages on a date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def today() -> date:
    """Return today's date in Oslo (a child who turns 12 today is 12 from midnight in Oslo)."""
    return datetime.now(OSLO).date()


def age_on(birth_date: date, on: date) -> int:
    """Return the age in whole years on a date; someone born on 29 February ages on 1 March."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years
