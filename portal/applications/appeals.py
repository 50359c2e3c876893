"""Where an appeal goes and by when: the county governor of the municipality's county, or the
municipal appeals board for a service the municipality treats as non-statutory.

DOMAIN.md, "Applications for municipal services": appeal within 4 weeks of when the decision
reached the person (pbrl § 7-5), moved past weekends and public holidays (fvl § 30,
domstolloven § 149); first reconsidered by the municipality, then sent to the county governor
(Statsforvalteren) of the municipality's county. Services a municipality treats as
non-statutory (often safety alarm, meal delivery) go to the municipal appeals board
(kommunal klagenemnd) within 3 weeks (fvl §§ 28-29).
"""

from dataclasses import dataclass
from datetime import date, datetime

from babel.lists import format_list
from flask_babel import get_locale
from flask_babel import gettext as _

from portal.applications import deadlines
from portal.applications.catalogue import CODES
from portal.applications.models import Application, Decision
from portal.journal import units
from portal.journal.models import Organization

# The county of a municipality is the first two digits of its number (kommunenummer); each
# county has its county governor (from 2024: Oslo, Østfold, Akershus and Buskerud share one;
# Troms and Finnmark share one).
COUNTIES = {
    "03": "Oslo og Viken", "31": "Oslo og Viken", "32": "Oslo og Viken", "33": "Oslo og Viken",
    "34": "Innlandet", "39": "Vestfold og Telemark", "40": "Vestfold og Telemark",
    "42": "Agder", "11": "Rogaland", "46": "Vestland", "15": "Møre og Romsdal",
    "50": "Trøndelag", "18": "Nordland", "55": "Troms og Finnmark", "56": "Troms og Finnmark",
}
STATUTORY_WEEKS = 4  # pbrl § 7-5
BOARD_WEEKS = 3      # fvl § 29


@dataclass(frozen=True)
class Body:
    """Who decides an appeal, and within how many weeks it must be sent."""

    name: str
    weeks: int
    board: bool  # the municipal appeals board, not the county governor


@dataclass(frozen=True)
class Route:
    """The services of a decision that are appealed to one body, and the last day to do it."""

    body: Body
    services: tuple[str, ...]
    last_day: date


def municipality_of(application: Application) -> Organization | None:
    """Return the municipality whose case office handles the application."""
    return units.municipality_of(units.get(application.unit_id))


def county_governor(municipality: Organization | None) -> str:
    """Name the county governor of a municipality's county, from its municipality number."""
    number = (municipality.municipality_number or "") if municipality is not None else ""
    county = COUNTIES.get(number[:2])
    if county is None:  # a municipality the table does not know: no county is guessed
        return _("the county governor (Statsforvalteren)")
    return _("Statsforvalteren i {county}").format(county=county)


def body_for(municipality: Organization | None, service: str) -> Body:
    """Return who decides an appeal of a decision on a service in a municipality."""
    if municipality is not None and service in (municipality.non_statutory_services or ()):
        return Body(_("the appeals board of {municipality} (kommunal klagenemnd)").format(
            municipality=municipality.name), BOARD_WEEKS, board=True)
    return Body(county_governor(municipality), STATUTORY_WEEKS, board=False)


def reached(decision: Decision) -> datetime:
    """Return when a decision reached the person: it is published in the portal, and the
    notice of it queued, in the moment it is made."""
    return decision.decided_at


def routes(application: Application, decision: Decision) -> list[Route]:
    """Return where each service of a decision is appealed, and the last day, by body."""
    municipality = municipality_of(application)
    grouped: dict[Body, list[str]] = {}
    for part in decision.services:
        grouped.setdefault(body_for(municipality, part.service), []).append(part.service)
    return [Route(body, tuple(codes), deadlines.appeal_last_day(reached(decision), body.weeks))
            for body, codes in grouped.items()]


def appeal_to(application: Application, decision: Decision) -> str:
    """Name who an appeal of a decision is sent to: the bodies of the services not fully
    granted (or of all services, if every one is granted but the scope is disputed)."""
    municipality = municipality_of(application)
    open_ = [p.service for p in decision.services if p.outcome != "granted"] or \
        [p.service for p in decision.services]
    names = []
    for code in sorted(open_, key=CODES.index):
        name = body_for(municipality, code).name
        if name not in names:
            names.append(name)
    return format_list(names, locale=get_locale())
