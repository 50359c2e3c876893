"""Portal use and the GP list: first-time logins, active users by age, changes of GP.

Inhabitants are the people registered as living in the municipality (`Person.municipality_id`);
logins count citizens' logins, never staff's.
"""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import aliased

from portal import db
from portal.auth.models import LoginEvent
from portal.insight import sql
from portal.insight.base import (
    Column,
    Indicator,
    Period,
    Place,
    Table,
    per_thousand,
    row,
    share,
)
from portal.insight.figures import stored
from portal.journal.models import GpListPeriod, Person

# Age bands (first age, last age or None), on the period's last day. Citizens log in from 12.
AGE_BANDS = ((12, 17), (18, 39), (40, 66), (67, 79), (80, None))


@stored
def _inhabitants(place: Place, period: Period) -> list[list[int]]:
    """Return how many people are registered as living in the place's municipalities."""
    return [[db.session.scalar(select(func.count()).select_from(Person).where(
        Person.municipality_id.in_(place.municipality_ids))) or 0]]


def inhabitants(place: Place, period: Period) -> int:
    """Return how many people are registered as living in the place's municipalities."""
    return _inhabitants(place, period)[0][0]


@stored
def _first_logins(place: Place, period: Period) -> list[tuple[str, int]]:
    """Return (Monday, first-time logins) per week with any, in the place's population."""
    week = sql.week(LoginEvent.at).label("week")
    return list(db.session.execute(
        select(week, func.count()).join(Person, Person.id == LoginEvent.person_id)
        .where(LoginEvent.first_login.is_(True), LoginEvent.role == "citizen",
               LoginEvent.at >= period.start_at, LoginEvent.at < period.end_at,
               Person.municipality_id.in_(place.municipality_ids))
        .group_by(week).order_by(week)).all())


def _mondays(period: Period) -> list[str]:
    """Return the Mondays of the weeks the period touches, as 'YYYY-MM-DD'."""
    monday = period.start - timedelta(days=period.start.weekday())
    found = []
    while monday < period.end:
        found.append(monday.isoformat())
        monday += timedelta(days=7)
    return found


def _per_bucket(counted, own: Place, portal: Place, period: Period, buckets: list[str], *,
                code: str, title, definition, columns: tuple[Column, Column],
                headline_label) -> Indicator:
    """Return an indicator of people counted per week or month (`counted` gives (bucket,
    count) rows), with the count per 1,000 inhabitants over the period as its headline."""
    counts = dict(counted(own, period))
    total = sum(counts.values())
    return Indicator(
        code, title, definition,
        Table(columns, [row(bucket, counts.get(bucket, 0), counts.get(bucket, 0))
                        for bucket in buckets]),
        chart="columns", value_column=1,
        own=per_thousand(total, inhabitants(own, period)) if total >= 5 else None,
        portal=per_thousand(sum(n for _, n in counted(portal, period)),
                            inhabitants(portal, period)),
        headline_kind="number", headline_label=headline_label)


def first_logins(own: Place, portal: Place, period: Period) -> Indicator:
    """First-time logins per week, and per 1,000 inhabitants against the portal as a whole."""
    return _per_bucket(
        _first_logins, own, portal, period, _mondays(period), code="first-logins",
        title=_l("First-time logins per week"),
        definition=_l("Inhabitants who logged in to the portal for the first time, per week "
                      "(weeks start on Monday). The comparison is per 1,000 inhabitants in the "
                      "period."),
        columns=(Column(_l("Week starting"), "text"), Column(_l("First-time logins"))),
        headline_label=_l("First-time logins per 1,000 inhabitants"))


def _band_of(on: date):
    """Return a CASE giving the index of a person's age band on a day (None under 12)."""
    def born_by(age: int) -> date:
        try:
            return on.replace(year=on.year - age)
        except ValueError:  # 29 February
            return on.replace(year=on.year - age, day=28)
    whens = [(Person.birth_date > born_by(AGE_BANDS[0][0]), None)]
    for index, (_first, last) in enumerate(AGE_BANDS[:-1]):
        whens.append((Person.birth_date > born_by(last + 1), index))
    return case(*whens, else_=len(AGE_BANDS) - 1)


@stored
def _active(place: Place, period: Period) -> list[tuple]:
    """Return (age band, inhabitants, active users) for the place's population."""
    logged_in = (select(LoginEvent.person_id.label("person_id"))
                 .where(LoginEvent.role == "citizen", LoginEvent.at >= period.start_at,
                        LoginEvent.at < period.end_at).distinct().subquery())
    band = _band_of(period.end - timedelta(days=1)).label("band")
    return list(db.session.execute(
        select(band, func.count(Person.id), func.count(logged_in.c.person_id))
        .outerjoin(logged_in, logged_in.c.person_id == Person.id)
        .where(Person.municipality_id.in_(place.municipality_ids))
        .group_by(band)).all())


def _band_label(first: int, last: int | None) -> str:
    """Return an age band in words."""
    return f"{first}–{last}" if last is not None else f"{first}+"


def active_users(own: Place, portal: Place, period: Period) -> Indicator:
    """Inhabitants who logged in during the period, as a share of the inhabitants, by age."""
    found = {band: (people, active) for band, people, active in _active(own, period)
             if band is not None}
    rows = []
    for index, (first, last) in enumerate(AGE_BANDS):
        people, active = found.get(index, (0, 0))
        rows.append(row(_band_label(first, last), min(people, active), people, active,
                        share(active, people)))
    own_people = sum(p for p, _ in found.values())
    own_active = sum(a for _, a in found.values())
    theirs = [(p, a) for band, p, a in _active(portal, period) if band is not None]
    return Indicator(
        "active-users", _l("Active users by age"),
        _l("Inhabitants aged 12 or more who logged in at least once in the period, as a share "
           "of the inhabitants of that age on the period's last day."),
        Table((Column(_l("Age"), "text"), Column(_l("Inhabitants")),
               Column(_l("Logged in")), Column(_l("Share"), "percent")), rows),
        chart="bars", value_column=3,
        own=share(own_active, own_people) if own_active >= 5 else None,
        portal=share(sum(a for _, a in theirs), sum(p for p, _ in theirs)),
        headline_label=_l("Share of inhabitants 12+ who logged in"))


@stored
def _changes(place: Place, period: Period) -> list[tuple[str, int]]:
    """Return (month, changes of GP) for the place's inhabitants."""
    earlier = aliased(GpListPeriod)
    month = sql.month(GpListPeriod.starts_on).label("month")
    changed = select(earlier.id).where(earlier.person_id == GpListPeriod.person_id,
                                       earlier.starts_on < GpListPeriod.starts_on).exists()
    return list(db.session.execute(
        select(month, func.count(distinct(GpListPeriod.person_id)))
        .join(Person, Person.id == GpListPeriod.person_id)
        .where(GpListPeriod.starts_on >= period.start, GpListPeriod.starts_on < period.end,
               Person.municipality_id.in_(place.municipality_ids), changed)
        .group_by(month).order_by(month)).all())


def _months(period: Period) -> list[str]:
    """Return the months the period touches, as 'YYYY-MM'."""
    found, day = [], period.start.replace(day=1)
    while day < period.end:
        found.append(f"{day:%Y-%m}")
        day = (day + timedelta(days=32)).replace(day=1)
    return found


def gp_changes(own: Place, portal: Place, period: Period) -> Indicator:
    """Inhabitants who changed GP, per month, and per 1,000 inhabitants in the period."""
    return _per_bucket(
        _changes, own, portal, period, _months(period), code="gp-changes",
        title=_l("Changes of GP"),
        definition=_l("Inhabitants who moved to another GP's list, by the month the new "
                      "listing began. Being listed for the first time is not a change."),
        columns=(Column(_l("Month"), "text"), Column(_l("Changes of GP"))),
        headline_label=_l("Changes of GP per 1,000 inhabitants"))
