"""Search parameters of the read API: parsed, checked, and turned into SQL conditions.

A parameter the API does not know, or a value it cannot read, is refused (400) rather than
ignored, so that a client never takes an unfiltered answer for a filtered one.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Date, and_, or_

from portal.fhir import codes
from portal.fhir.kinds import Kind
from portal.journal.entries import Observation

OSLO = ZoneInfo("Europe/Oslo")
DEFAULT_COUNT, MAX_COUNT = 50, 200
COMMON = ("patient", "date", "_count", "_offset", "_sort", "_format")
# The parameters each type takes besides the common ones.
EXTRA = {"Observation": ("category", "code")}
# The portal's own parameters, which choose the language and filter nothing.
PORTAL = ("lang",)
SORTS = ("date", "-date")
PREFIXES = ("eq", "ge", "le", "gt", "lt")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_JSON = ("json", "application/json", "application/fhir+json")


class BadParameter(ValueError):
    """A search parameter the API cannot honour; the message says which and why."""


@dataclass
class Search:
    """A checked search: the patient asked for, filters, and the page."""

    patient_id: int | None = None
    conditions: list = field(default_factory=list)
    categories: tuple[str, ...] = ()
    count: int = DEFAULT_COUNT
    offset: int = 0
    newest_first: bool = True


def allowed(kind: Kind) -> tuple[str, ...]:
    """Return the parameters a type may be searched by."""
    return COMMON + EXTRA.get(kind.name, ())


def parse(kind: Kind, args) -> Search:
    """Check a search's parameters (a MultiDict) and return it, or raise BadParameter."""
    unknown = sorted(set(args) - set(allowed(kind)) - set(PORTAL))
    if unknown:
        raise BadParameter(f"Unknown search parameter: {', '.join(unknown)}")
    for name in set(args) - {"date"}:
        if len(args.getlist(name)) > 1:
            raise BadParameter(f"Parameter {name} may be given once")
    if args.get("_format", "json") not in _JSON:
        raise BadParameter("Only JSON is served (_format=json)")
    search = Search(
        patient_id=_patient(args["patient"]) if "patient" in args else None,
        count=_integer(args, "_count", DEFAULT_COUNT, 1, MAX_COUNT),
        offset=_integer(args, "_offset", 0, 0, None),
    )
    sort = args.get("_sort", "-date")
    if sort not in SORTS:
        raise BadParameter("_sort must be date or -date")
    search.newest_first = sort == "-date"
    search.conditions += [_date(kind.date, value) for value in args.getlist("date")]
    if "category" in args:
        search.categories = tuple(_category(v) for v in args["category"].split(","))
        search.conditions.append(Observation.category.in_(search.categories))
    if "code" in args:
        search.conditions.append(or_(*(_code(v) for v in args["code"].split(","))))
    return search


def _patient(value: str) -> int:
    """Return the id of a patient given as 123 or Patient/123."""
    number = value.removeprefix("Patient/")
    if not number.isascii() or not number.isdigit() or len(number) > 12:
        raise BadParameter("patient must be a Patient id")
    return int(number)


def _integer(args, name: str, default: int, low: int, high: int | None) -> int:
    """Return a whole-number parameter within bounds."""
    value = args.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise BadParameter(f"{name} must be a whole number")
    number = int(value)
    if number < low or (high is not None and number > high):
        raise BadParameter(f"{name} must be between {low} and {high}" if high is not None
                           else f"{name} must be at least {low}")
    return number


def _category(value: str) -> str:
    """Return an Observation category given as a code or system|code."""
    system, _, code = value.rpartition("|")
    if system not in ("", codes.OBSERVATION_CATEGORY) or code not in ("laboratory", "vital-signs"):
        raise BadParameter("category must be laboratory or vital-signs")
    return code


def _code(value: str):
    """Return the condition for a token code, system|code or |code (NLK codes or LOINC)."""
    system, bar, code = value.rpartition("|")
    if not code:
        raise BadParameter("code needs a code")
    if not bar or system == "":
        return or_(Observation.code == code, Observation.loinc == code)
    if system == codes.LOINC:
        return or_(and_(Observation.code_system == system, Observation.code == code),
                   Observation.loinc == code)
    names = [name for name, uri in codes.SYSTEMS.items() if uri == system]
    return and_(Observation.code_system.in_([system, *names]), Observation.code == code)


def _interval(value: str) -> tuple[datetime, datetime]:
    """Return the span a FHIR date or dateTime stands for, as [start, end) in UTC."""
    if (match := _DATE.match(value)) is not None:
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            start = date(year, month or 1, day or 1)
        except ValueError:
            raise BadParameter(f"date {value} is not a date") from None
        if day is not None:
            end = start + timedelta(days=1)
        elif month is not None:
            end = date(year + month // 12, month % 12 + 1, 1)
        else:
            end = date(year + 1, 1, 1)
        return (datetime.combine(start, time(), OSLO), datetime.combine(end, time(), OSLO))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"date {value} is not a FHIR date or dateTime") from None
    if "T" not in value:
        raise BadParameter(f"date {value} is not a FHIR date or dateTime")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=OSLO)
    return moment, moment + timedelta(seconds=1)


def _date(column, value: str):
    """Return the condition for date=[prefix]value on a date or dateTime column."""
    prefix = value[:2] if value[:2] in PREFIXES else "eq"
    start, end = _interval(value[2:] if value[:2] in PREFIXES else value)
    if isinstance(column.type, Date):
        start, end = start.astimezone(OSLO).date(), end.astimezone(OSLO).date()
        if end == start:
            end = start + timedelta(days=1)
    return {
        "eq": and_(column >= start, column < end),
        "ge": column >= start,
        "gt": column >= end,
        "le": column < end,
        "lt": column < start,
    }[prefix]
