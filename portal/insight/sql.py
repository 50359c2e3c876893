"""SQL that differs between SQLite and PostgreSQL: buckets of time and spans between moments.

Moments are kept in UTC, and the buckets are taken of the UTC moment: a login at 00:30 on a
Monday in Oslo counts in the week before. Across a year this moves a handful of events
between neighbouring weeks, and keeps every indicator one aggregate query.
"""

from sqlalchemy import Float, cast, func

from portal import db


def _sqlite() -> bool:
    """Tell whether the session's database is SQLite."""
    return db.session.get_bind().dialect.name == "sqlite"


def month(column):
    """Return the month of a moment or date as text, 'YYYY-MM'."""
    if _sqlite():
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def week(column):
    """Return the Monday of a moment's ISO week as text, 'YYYY-MM-DD'."""
    if _sqlite():
        return func.date(column, "weekday 0", "-6 days")
    return func.to_char(func.date_trunc("week", column), "YYYY-MM-DD")


def hours(later, earlier):
    """Return the hours from one moment to a later one, as a number."""
    if _sqlite():
        return (func.julianday(later) - func.julianday(earlier)) * 24
    return func.extract("epoch", later - earlier) / 3600


def days(later, earlier):
    """Return the days from one date to a later one (dates, not moments)."""
    if _sqlite():
        return cast(func.julianday(later) - func.julianday(earlier), Float)
    return cast(later - earlier, Float)


def moment_days(later, earlier):
    """Return the days from one moment to a later one, as a number."""
    return hours(later, earlier) / 24



def greatest(a, b):
    """Return the larger of two values (SQLite's max and PostgreSQL's greatest)."""
    return func.max(a, b) if _sqlite() else func.greatest(a, b)


def least(a, b):
    """Return the smaller of two values (SQLite's min and PostgreSQL's least)."""
    return func.min(a, b) if _sqlite() else func.least(a, b)
