"""Reading a person's journal by section, within what the access decision allows."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select, union
from sqlalchemy.orm import joinedload

from portal import db
from portal.clock import OSLO
from portal.journal.entries import (
    CarePlan,
    Condition,
    DocumentEntry,
    Immunization,
    MedicationStatement,
    Observation,
)
from portal.journal.models import Organization

SECTION_LIMIT = 200  # newest first; the filter narrows further


@dataclass(frozen=True)
class RecordFilter:
    """What to show: a section (or all), a period in Oslo dates, a source unit, words."""

    section: str | None = None
    start: date | None = None
    end: date | None = None
    unit_id: int | None = None
    text: str | None = None

    def wants(self, section: str) -> bool:
        """Tell whether a section is asked for."""
        return self.section in (None, "", section)

    @property
    def narrows(self) -> bool:
        """Tell whether rows are left out within a section (period, source or words)."""
        return any((self.start, self.end, self.unit_id, self.text))


def _day_start(day: date) -> datetime:
    """Return midnight in Oslo at the start of a day."""
    return datetime.combine(day, time(), OSLO)


def _narrow(f: RecordFilter, *, moment=None, day=None, unit=None, words=()) -> list:
    """Return the period, source and text filters of a section as conditions."""
    conditions = []
    if f.start:
        conditions.append(moment >= _day_start(f.start) if moment is not None else day >= f.start)
    if f.end:
        end = f.end + timedelta(days=1)
        conditions.append(moment < _day_start(end) if moment is not None else day < end)
    if f.unit_id and unit is not None:
        conditions.append(unit == f.unit_id)
    if f.text and words:
        pattern = f"%{f.text.strip()}%"
        conditions.append(or_(*(column.ilike(pattern) for column in words)))
    return conditions


def documents(scope, f: RecordFilter) -> list[DocumentEntry]:
    """Return the scope's documents (notes, or letters), newest first."""
    return scope.rows(
        scope.select(DocumentEntry, *_narrow(f, moment=DocumentEntry.written_at,
                                             unit=DocumentEntry.unit_id,
                                             words=(DocumentEntry.title, DocumentEntry.body)))
        .options(joinedload(DocumentEntry.unit), joinedload(DocumentEntry.author))
        .order_by(DocumentEntry.written_at.desc()).limit(SECTION_LIMIT))


def medications(scope, f: RecordFilter) -> list[MedicationStatement]:
    """Return current medicines first, then stopped ones, each newest first."""
    return scope.rows(
        scope.select(MedicationStatement, *_narrow(
            f, day=MedicationStatement.start_date, unit=MedicationStatement.unit_id,
            words=(MedicationStatement.medication, MedicationStatement.reason)))
        .options(joinedload(MedicationStatement.unit))
        .order_by(MedicationStatement.status, MedicationStatement.start_date.desc())
        .limit(SECTION_LIMIT))


def problems(scope, f: RecordFilter) -> list[Condition]:
    """Return the problem list, active first, newest first."""
    return scope.rows(
        scope.select(Condition, *_narrow(f, day=Condition.onset_date, unit=Condition.unit_id,
                                         words=(Condition.display, Condition.code)))
        .options(joinedload(Condition.unit))
        .order_by(Condition.status, Condition.onset_date.desc()).limit(SECTION_LIMIT))


def vaccinations(scope, f: RecordFilter) -> list[Immunization]:
    """Return vaccinations given, newest first."""
    return scope.rows(
        scope.select(Immunization, *_narrow(f, day=Immunization.occurred_on,
                                            unit=Immunization.unit_id,
                                            words=(Immunization.display,)))
        .options(joinedload(Immunization.unit)).order_by(Immunization.occurred_on.desc()))


def plans(scope, f: RecordFilter) -> list[CarePlan]:
    """Return care and treatment plans, newest first."""
    return scope.rows(
        scope.select(CarePlan, *_narrow(f, day=CarePlan.start_date, unit=CarePlan.unit_id,
                                        words=(CarePlan.title, CarePlan.description)))
        .options(joinedload(CarePlan.unit)).order_by(CarePlan.start_date.desc())
        .limit(SECTION_LIMIT))


def growth_measurements(scope) -> list[Observation]:
    """Return height, weight, head circumference and BMI measurements, oldest first."""
    return scope.rows(scope.select(Observation).order_by(Observation.effective_at))


def sources(scopes) -> list[Organization]:
    """Return the units that wrote rows the scopes see, for the source filter.

    Only rows the reader may see count: a unit that wrote nothing but confidential entries
    is not named (its name alone can tell what someone is treated for).
    """
    selects = [select(rows.model.unit_id).where(*scope.where(rows.model))
               for scope in scopes for rows in scope.area.rows
               if hasattr(rows.model, "unit_id")]
    if not selects:
        return []
    units = union(*selects).subquery()
    return list(db.session.scalars(select(Organization).where(
        Organization.id.in_(select(units.c[0]))).order_by(Organization.name)))
