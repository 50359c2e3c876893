"""Care indicators: continuity of care in home care, lengths of stay, occupancy.

Continuity (pleiekontinuitet; forskrift om kvalitet i pleie- og omsorgstjenestene § 3): for
each person with home-care visits done in the period, the share of their visits made by the
employee who visited them most, weighted by visits: the sum over people of their most
frequent employee's visits, divided by all their visits. With it, the number of different
employees per person (median and 90th percentile). Worked example: a person visited 10
times, 6 of them by one employee, has 60 %; two such people and one visited 5 times by 5
different employees give (6 + 6 + 1) / (10 + 10 + 5) = 52 %.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal import db
from portal.care.models import HomeCareVisit, Stay
from portal.insight import sql
from portal.insight.base import Column, Indicator, Period, Place, Table, percentile, row, share
from portal.insight.figures import stored
from portal.journal import units
from portal.journal.models import Organization

V = HomeCareVisit


# How continuity is grouped, as functions: a month's SQL depends on the database.
GROUPS = {"all": lambda: (), "team": lambda: (V.team_id,),
          "month": lambda: (sql.month(V.starts_at),)}


def _per_person(place: Place, period: Period, by: str):
    """Return a subquery of visits done in the period per (group, person): the most visits
    by one employee, all visits, and the number of different employees."""
    groups = [g.label(f"g{i}") for i, g in enumerate(GROUPS[by]())]
    per_employee = (select(*groups, V.person_id, V.practitioner_id, func.count().label("n"))
                    .where(V.status == "done", V.team_id.in_(place.unit_ids),
                           V.starts_at >= period.start_at, V.starts_at < period.end_at)
                    .group_by(*groups, V.person_id, V.practitioner_id).subquery())
    keys = [per_employee.c[f"g{i}"] for i in range(len(groups))]
    return (select(*keys, per_employee.c.person_id, func.max(per_employee.c.n).label("top"),
                   func.sum(per_employee.c.n).label("visits"),
                   func.count().label("employees"))
            .group_by(*keys, per_employee.c.person_id).subquery())


@stored
def _continuity_rows(place: Place, period: Period, by: str) -> list:
    """Return rows (group..., people, visits, visits by the most frequent employee)."""
    person = _per_person(place, period, by)
    keys = [person.c[f"g{i}"] for i in range(len(GROUPS[by]()))]
    return db.session.execute(
        select(*keys, func.count(), func.sum(person.c.visits), func.sum(person.c.top))
        .group_by(*keys)).all()


def _continuity(place: Place, period: Period, by: str = "all") -> dict:
    """Return {(group,): (people, visits, visits by the most frequent employee)}."""
    width = len(GROUPS[by]())
    # PostgreSQL sums integers as numeric: the numbers are made ints here.
    return {tuple(found[:width]): tuple(int(n or 0) for n in found[width:])
            for found in _continuity_rows(place, period, by)}


@stored
def _employee_counts(place: Place, period: Period) -> list:
    """Return rows (team, employees per person, how many people)."""
    person = _per_person(place, period, "team")
    return db.session.execute(select(person.c.g0, person.c.employees, func.count())
                              .group_by(person.c.g0, person.c.employees)).all()


def _employees(place: Place, period: Period) -> dict:
    """Return {team: [(employees per person, how many people)]}."""
    found: dict = {}
    for team, employees, people in _employee_counts(place, period):
        found.setdefault(team, []).append((employees, people))
    return found


def _overall(place: Place, period: Period) -> float | None:
    """Return the continuity of all the place's visits together, or None under 5 people."""
    people, visits, top = _continuity(place, period).get((), (0, 0, 0))
    return share(top, visits) if (people or 0) >= 5 else None


def continuity(own: Place, portal: Place, period: Period) -> Indicator:
    """Continuity of care per home-care team, with employees per person."""
    per_team = _continuity(own, period, "team")
    employees = _employees(own, period)
    names = units.names(team for (team,) in per_team)
    rows = [row(names[team], people, people, visits, share(top, visits),
                percentile(employees.get(team, []), 50), percentile(employees.get(team, []), 90))
            for (team,), (people, visits, top) in sorted(per_team.items(),
                                                          key=lambda kv: names[kv[0][0]])]
    return Indicator(
        "continuity", _l("Continuity of care in home care"),
        _l("For each person with home-care visits in the period: the share of their visits "
           "made by the employee who visited them most, weighted by visits. Also the number "
           "of different employees who visited each person (median and 90th percentile)."),
        Table((Column(_l("Team"), "text"), Column(_l("People")), Column(_l("Visits")),
               Column(_l("Continuity"), "percent"),
               Column(_l("Employees per person, median"), "number"),
               Column(_l("Employees per person, 90th percentile"), "number")), rows),
        chart="bars", value_column=3, own=_overall(own, period), portal=_overall(portal, period),
        headline_label=_l("Continuity of care"))


def continuity_trend(own: Place, portal: Place, period: Period) -> Indicator:
    """Continuity of care in the municipality's home care, month by month."""
    by_month = _continuity(own, period, "month")
    rows = [row(month, people, people, share(top, visits))
            for (month,), (people, visits, top) in sorted(by_month.items())]
    return Indicator(
        "continuity-trend", _l("Continuity of care by month"),
        _l("Continuity of care (as above) for each month on its own, all teams together."),
        Table((Column(_l("Month"), "text"), Column(_l("People")),
               Column(_l("Continuity"), "percent")), rows),
        chart="columns", value_column=2, own=_overall(own, period),
        portal=_overall(portal, period), headline_label=_l("Continuity of care"))


@stored
def _length_counts(place: Place, period: Period) -> list:
    """Return rows (kind, days, stays) for stays ended in the period at the place's homes."""
    length = sql.days(Stay.discharged_on, Stay.admitted_on).label("days")
    return db.session.execute(
        select(Stay.kind, length, func.count())
        .where(Stay.unit_id.in_(place.unit_ids), Stay.discharged_on >= period.start,
               Stay.discharged_on < period.end)
        .group_by(Stay.kind, length)).all()


def _lengths(place: Place, period: Period) -> dict:
    """Return {kind: [(days, stays)]} for stays ended in the period at the place's homes."""
    found: dict = {}
    for kind, days, stays in _length_counts(place, period):
        found.setdefault(kind, []).append((round(days), stays))
    return found


def _mean(distribution) -> float | None:
    """Return the mean of a counted distribution."""
    total = sum(n for _, n in distribution)
    return sum(v * n for v, n in distribution) / total if total else None


STAY_KINDS = (("long_term", _l("Long-term place"), "long_term_stay_days"),
              ("short_term", _l("Short-term stay"), "short_term_stay_days"))


def stays(own: Place, portal: Place, period: Period, targets: dict) -> Indicator:
    """Mean and median length of the stays that ended in the period, by kind of place."""
    lengths, theirs = _lengths(own, period), _lengths(portal, period)
    rows = []
    for kind, label, target in STAY_KINDS:
        found = lengths.get(kind, [])
        count = sum(n for _, n in found)
        rows.append(row(label, count, count, _mean(found), percentile(found, 50),
                        targets.get(target)))
    long_term = lengths.get("long_term", [])
    return Indicator(
        "stays", _l("Length of stay in nursing homes"),
        _l("Stays in short-term and long-term places that ended in the period, in days from "
           "admission to discharge, with the target the municipality has set."),
        Table((Column(_l("Kind of place"), "text"), Column(_l("Stays ended")),
               Column(_l("Mean, days"), "number"), Column(_l("Median, days"), "number"),
               Column(_l("Target, days"), "number")), rows),
        chart="bars", value_column=2,
        own=_mean(long_term) if sum(n for _, n in long_term) >= 5 else None,
        portal=_mean(theirs.get("long_term", [])), headline_kind="number",
        headline_label=_l("Mean long-term stay, days"),
        target=targets.get("long_term_stay_days"))


@stored
def _occupancy(place: Place, period: Period) -> list[tuple]:
    """Return (unit, beds, people, bed-days occupied) per nursing home of the place."""
    first = sql.greatest(Stay.admitted_on, period.start)
    last = sql.least(func.coalesce(Stay.discharged_on, period.end), period.end)
    occupied = (select(Stay.unit_id, func.count(Stay.person_id.distinct()).label("people"),
                       func.sum(sql.days(last, first)).label("days"))
                .where(Stay.admitted_on < period.end,
                       Stay.discharged_on.is_(None) | (Stay.discharged_on > period.start))
                .group_by(Stay.unit_id).subquery())
    return list(db.session.execute(
        select(Organization.name, Organization.beds, occupied.c.people, occupied.c.days)
        .outerjoin(occupied, occupied.c.unit_id == Organization.id)
        .where(Organization.id.in_(place.unit_ids), Organization.kind == "nursing_home")
        .order_by(Organization.name)).all())


def _occupancy_share(found, days: int) -> float | None:
    """Return the bed-days occupied as a share of the bed-days there were."""
    return share(sum(d or 0 for *_, d in found), sum((b or 0) * days for _, b, _, _ in found))


def occupancy(own: Place, portal: Place, period: Period, targets: dict) -> Indicator:
    """Occupancy of each nursing home: bed-days occupied of bed-days there were."""
    found = _occupancy(own, period)
    rows = [row(name, people or 0, beds, people, share(days or 0, (beds or 0) * period.days),
                targets.get("occupancy_percent"))
            for name, beds, people, days in found]
    return Indicator(
        "occupancy", _l("Occupancy of nursing homes"),
        _l("Days a place was taken in the period, as a share of the places times the days of "
           "the period, with the target the municipality has set."),
        Table((Column(_l("Nursing home"), "text"), Column(_l("Places")),
               Column(_l("People who stayed")), Column(_l("Occupancy"), "percent"),
               Column(_l("Target"), "percent")), rows),
        chart="bars", value_column=3,
        own=_occupancy_share(found, period.days)
        if sum(p or 0 for _, _, p, _ in found) >= 5 else None,
        portal=_occupancy_share(_occupancy(portal, period), period.days),
        headline_label=_l("Occupancy"), target=targets.get("occupancy_percent"))
