"""A synthetic citizen's GP list history and logins to the portal, as plain rows."""

import math
import random
from datetime import date, timedelta

from portal.clock import age_on, reached

from .builders import at

LISTED_YEARS = 5  # the history the insight dashboard looks back over
CHANGE_SHARE = 0.04  # of people who change GP in a year
MOVED_IN_SHARE = 0.12  # listed here for the first time within the history
# Who has logged in, by age: adults, and 12-17-year-olds (who log in themselves from 12).
LOGIN_SHARE = ((18, 0.7), (12, 0.4))
LOGIN_YEARS = 2
RECENT_DAYS = 90


def gp_periods(rng: random.Random, person_id: int, born: date, today: date,
                offices: tuple[int, ...]) -> list[dict]:
    """Return the person's GP listings, oldest first; the last is open, at offices[0].

    A change of GP ends a listing the day before the next starts, at another of the
    municipality's offices where it has more than one (else a new doctor at the same office).
    """
    years = LISTED_YEARS * 365
    if rng.random() < MOVED_IN_SHARE:
        first = today - timedelta(days=rng.randint(30, years))
    else:
        first = today - timedelta(days=rng.randint(years, 30 * 365))
    first = max(first, born)
    changes = sorted(
        today - timedelta(days=rng.randint(year * 365 + 1, (year + 1) * 365))
        for year in range(LISTED_YEARS) if rng.random() < CHANGE_SHARE)
    starts = [first, *(day for day in changes if day > first)]
    current, others = offices[0], offices[1:] or offices[:1]
    units = [rng.choice(others) for _ in starts[:-1]] + [current]
    ends = [day - timedelta(days=1) for day in starts[1:]] + [None]
    return [{"person_id": person_id, "unit_id": unit, "starts_on": start, "ends_on": end}
            for unit, start, end in zip(units, starts, ends, strict=True)]


def logins(rng: random.Random, person_id: int, born: date, today: date) -> list[dict]:
    """Return the person's logins: maybe a first one within two years, more of them lately,
    and for some a few more in the last 90 days."""
    age = age_on(born, today)
    share = next((s for from_age, s in LOGIN_SHARE if age >= from_age), 0)
    earliest = max(today - timedelta(days=LOGIN_YEARS * 365), reached(born, 12 * 12))
    latest = today - timedelta(days=1)
    if rng.random() >= share or earliest > latest:
        return []
    # The density grows linearly towards today: the portal gains users.
    first = earliest + timedelta(days=int((latest - earliest).days * math.sqrt(rng.random())))
    rows = [_login(rng, person_id, first, first=True)]
    since = max(first + timedelta(days=1), today - timedelta(days=RECENT_DAYS))
    if since <= latest and rng.random() < 0.6:
        for _ in range(rng.randint(1, 10)):
            day = since + timedelta(days=rng.randint(0, (latest - since).days))
            rows.append(_login(rng, person_id, day, first=False))
    return rows


def _login(rng: random.Random, person_id: int, day: date, *, first: bool) -> dict:
    """Return a citizen's login with ID-porten at a waking hour of a day."""
    return {"person_id": person_id, "role": "citizen", "provider": "idporten",
            "acr": "idporten-loa-high", "first_login": first,
            "at": at(day, rng.randint(7, 22), rng.randint(0, 59))}
