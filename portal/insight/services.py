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
from portal.care.models import TARGETS, CareTarget
from portal.insight import care, use, work
from portal.insight.base import Indicator, Period, Place
from portal.journal import units
from portal.journal.models import Organization, Practitioner

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
    unit = login.unit if login is not None and login.is_staff else None
    if unit is None or unit.kind != "municipality":
        return None
    role = db.session.scalar(select(Practitioner.role).where(
        Practitioner.person_id == login.person_id, Practitioner.unit_id == unit.id,
        Practitioner.active.is_(True)))
    return unit if role == "leader" else None


def places(municipality: Organization) -> tuple[Place, Place]:
    """Return the municipality's place and the portal's (every municipality in it)."""
    everyone = list(db.session.scalars(select(Organization.id)
                                       .where(Organization.kind == "municipality")))
    all_units = sorted({unit for m in everyone for unit in units.within(m)})
    return (Place(tuple(units.within(municipality.id)), (municipality.id,)),
            Place(tuple(all_units), tuple(everyone)))


def targets(municipality: Organization) -> dict[str, int]:
    """Return the targets the municipality has set, by indicator."""
    return dict(db.session.execute(select(CareTarget.indicator, CareTarget.value)
                                   .where(CareTarget.municipality_id == municipality.id)).all())


def indicator(code: str, municipality: Organization, period: Period, now) -> Indicator:
    """Compute one indicator for a municipality over a period."""
    own, portal = places(municipality)
    builders = {
        "first-logins": lambda: use.first_logins(own, portal, period),
        "active-users": lambda: use.active_users(own, portal, period),
        "gp-changes": lambda: use.gp_changes(own, portal, period),
        "self-booked": lambda: work.self_booked(own, portal, period),
        "no-shows": lambda: work.no_shows(own, portal, period),
        "messages": lambda: work.messages(own, portal, period, now),
        "cases": lambda: work.cases(own, portal, period),
        "appeals": lambda: work.appeals(own, portal, period),
        "continuity": lambda: care.continuity(own, portal, period),
        "continuity-trend": lambda: care.continuity_trend(own, portal, period),
        "stays": lambda: care.stays(own, portal, period, targets(municipality)),
        "occupancy": lambda: care.occupancy(own, portal, period, targets(municipality)),
    }
    return builders[code]()


def dashboard(municipality: Organization, period: Period, now) -> list[Indicator]:
    """Compute every indicator for a municipality over a period, in the page's order."""
    return [indicator(code, municipality, period, now) for code in CODES]


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
