"""Working days in Norway: weekends and the public holidays (helligdager) are not counted.

The one calendar of the portal. A team's promise ("we answer within 3 working days",
DOMAIN.md "Secure messages") counts working days, so a message sent on the Wednesday before
Easter is not due on Easter Monday; an appeal deadline whose last day is not a working day
moves to the next one (forvaltningsloven § 30, domstolloven § 149; DOMAIN.md "Applications").
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from portal.clock import OSLO

# The answer is due by the end of the office day on the last working day.
END_OF_DAY = time(16, 0)


def easter_sunday(year: int) -> date:
    """Return Easter Sunday of a year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """Return Norway's public holidays in a year (lov om helligdager og helligdagsfred)."""
    easter = easter_sunday(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # Maundy Thursday to Whit Monday
    fixed = (date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25),
             date(year, 12, 26))
    return frozenset(fixed) | {easter + timedelta(days=n) for n in moving}


def is_working_day(day: date) -> bool:
    """Tell whether a day is a working day: Monday to Friday and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def on_or_after(day: date) -> date:
    """Return the day itself if it is a working day, else the next working day."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int) -> date:
    """Return the day n working days after a day (the day itself does not count)."""
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def answer_due(sent_at: datetime, working_days: int) -> datetime:
    """Return when an answer to a message sent at a moment is due, as UTC."""
    day = add_working_days(sent_at.astimezone(OSLO).date(), working_days)
    return datetime.combine(day, END_OF_DAY, OSLO).astimezone(UTC)
