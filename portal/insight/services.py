"""The dashboard put together: who may read it, for which municipality, and every indicator.

Only a leader (role "leader") logged in to a municipality reads its dashboard; every number
is that municipality's own, compared with the portal as a whole (all its municipalities
together). Nothing here reads a row about one person: each indicator is aggregate SQL, and
a group of fewer than 5 people is suppressed (base.row).
"""

import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select

from portal import db
from portal.auth.services import role_in
from portal.care.models import TARGETS, CareTarget
from portal.insight import care, figures, use, work
from portal.insight.base import PERIODS, Indicator, Period, Place
from portal.journal import units
from portal.journal.models import Organization

# The indicators in the order the page shows them, by the code their CSV is named by.
SECTIONS = (
    ("use", ("first-logins", "active-users", "self-booked")),
    ("care", ("continuity", "continuity-trend", "stays", "occupancy")),
    ("work", ("no-shows", "messages", "cases", "appeals", "gp-changes")),
)
CODES = tuple(code for _, codes in SECTIONS for code in codes)


def leader_municipality(login) -> Organization | None:
    """Return the municipality a staff login may read the dashboard of, or None.

    The login must be at a municipality, where the person has an active leader role.
    """
    unit = login.unit if login is not None and login.is_staff else None  # read with the row
    if unit is None or unit.kind != "municipality":
        return None
    role = role_in(login.person, unit.id)
    return unit if role is not None and role.role == "leader" else None


def places(municipality: Organization) -> tuple[Place, Place]:
    """Return the municipality's place and the portal's (every municipality in it)."""
    below = units.municipalities()
    everyone = sorted(below)
    return (Place(tuple(below.get(municipality.id, ())), (municipality.id,)),
            Place(tuple(sorted(u for ids in below.values() for u in ids)), tuple(everyone)))


def targets(municipality: Organization) -> dict[str, int]:
    """Return the targets the municipality has set, by indicator."""
    return dict(db.session.execute(select(CareTarget.indicator, CareTarget.value)
                                   .where(CareTarget.municipality_id == municipality.id)).all())


def indicator(code: str, municipality: Organization, period: Period) -> Indicator:
    """Compute one indicator for a municipality over a period."""
    return _compute(code, *places(municipality), period, targets(municipality))


def _compute(code: str, own: Place, portal: Place, period: Period, goals: dict):
    """Compute one indicator for a place, compared with the portal's."""
    if code in ("stays", "occupancy"):
        return BUILDERS[code](own, portal, period, goals)
    return BUILDERS[code](own, portal, period)


BUILDERS = {
    "first-logins": use.first_logins, "active-users": use.active_users,
    "gp-changes": use.gp_changes, "self-booked": work.self_booked, "no-shows": work.no_shows,
    "messages": work.messages, "cases": work.cases, "appeals": work.appeals, "continuity": care.continuity,
    "continuity-trend": care.continuity_trend, "stays": care.stays,
    "occupancy": care.occupancy,
}


def dashboard(municipality: Organization, period: Period) -> list[Indicator]:
    """Compute every indicator for a municipality over a period, in the page's order."""
    own, portal = places(municipality)
    goals = targets(municipality)
    figures.load(period)
    return [_compute(code, own, portal, period, goals) for code in CODES]


def store_figures(today, now) -> int:
    """Compute and store the figures of every municipality's dashboard for every period
    offered (the nightly job); return how many query results were stored."""
    with figures.recording() as rows:
        for municipality in db.session.scalars(select(Organization).where(
                Organization.kind == "municipality").order_by(Organization.id)):
            for months in PERIODS.values():
                dashboard(municipality, Period.months_back(months, today))
        collected = dict(rows)
    return figures.store(collected, now)


def csv_text(found: Indicator, municipality: Organization, period: Period, formatted) -> str:
    """Return an indicator's table as CSV, suppressed cells as "fewer than 5".

    `formatted(value, kind)` writes a number as the page does; the CSV keeps plain numbers
    (a point as decimal mark) so that a spreadsheet reads them, and says what it is first.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(found.title), municipality.name,
                     f"{period.start.isoformat()}/{period.end.isoformat()}"])
    writer.writerow([str(column.label) for column in found.table.columns])
    for values in found.table.rows:
        writer.writerow([formatted(value, column.kind)
                         for value, column in zip(values, found.table.columns, strict=True)])
    return out.getvalue()


def csv_value(value, kind: str) -> str:
    """Write one value of a table for a CSV file."""
    if kind == "text":
        return str(value)
    if value is None:
        return _("fewer than 5")
    return str(round(value, 1)) if isinstance(value, float) else str(value)


def set_targets(municipality: Organization, values: dict[str, int | None]) -> None:
    """Set, change or remove (None) the municipality's targets."""
    known = {t.indicator: t for t in db.session.scalars(
        select(CareTarget).where(CareTarget.municipality_id == municipality.id))}
    for indicator_code in TARGETS:
        value, row = values.get(indicator_code), known.get(indicator_code)
        if value is None and row is not None:
            db.session.delete(row)
        elif value is not None and row is None:
            db.session.add(CareTarget(municipality_id=municipality.id,
                                      indicator=indicator_code, value=value))
        elif value is not None:
            row.value = value
    db.session.flush()
