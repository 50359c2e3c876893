"""Reading a person's journal by section, within what the access decision allows."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload

from portal import db
from portal.areas import Area
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
from portal.results.catalogue import HEIGHT, WEIGHT

NOTE_KINDS = ("visit_summary", "note")
LETTER_KINDS = ("letter", "discharge_summary")
SECTION_AREAS = {
    "notes": Area.NOTES,
    "letters": Area.DOCUMENTS,
    "medications": Area.MEDICATIONS,
    "problems": Area.PROBLEMS,
    "vaccinations": Area.VACCINATIONS,
    "plans": Area.CARE_PLANS,
    "growth": Area.GROWTH,
}
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


def _day_start(day: date) -> datetime:
    """Return midnight in Oslo at the start of a day."""
    return datetime.combine(day, time(), OSLO)


def _narrow(query: Select, f: RecordFilter, *, moment=None, day=None, unit=None, words=()):
    """Apply the period, source and text filters to a section's query."""
    if f.start:
        query = query.where(moment >= _day_start(f.start)) if moment is not None else query.where(day >= f.start)
    if f.end:
        end = f.end + timedelta(days=1)
        query = query.where(moment < _day_start(end)) if moment is not None else query.where(day < end)
    if f.unit_id and unit is not None:
        query = query.where(unit == f.unit_id)
    if f.text and words:
        pattern = f"%{f.text.strip()}%"
        query = query.where(or_(*(column.ilike(pattern) for column in words)))
    return query


def documents(subject, kinds, decision, f: RecordFilter) -> list[DocumentEntry]:
    """Return the person's documents of some kinds, newest first, confidential ones if allowed."""
    query = (select(DocumentEntry).where(DocumentEntry.person_id == subject.id,
                                         DocumentEntry.kind.in_(kinds))
             .options(joinedload(DocumentEntry.unit), joinedload(DocumentEntry.author)))
    if not decision.include_confidential:
        query = query.where(DocumentEntry.confidential.is_(False))
    query = _narrow(query, f, moment=DocumentEntry.written_at, unit=DocumentEntry.unit_id,
                    words=(DocumentEntry.title, DocumentEntry.body))
    return list(db.session.scalars(query.order_by(DocumentEntry.written_at.desc()).limit(SECTION_LIMIT)))


def medications(subject, f: RecordFilter) -> list[MedicationStatement]:
    """Return current medicines first, then stopped ones, each newest first."""
    query = (select(MedicationStatement).where(MedicationStatement.person_id == subject.id)
             .options(joinedload(MedicationStatement.unit)))
    query = _narrow(query, f, day=MedicationStatement.start_date, unit=MedicationStatement.unit_id,
                    words=(MedicationStatement.medication, MedicationStatement.reason))
    return list(db.session.scalars(query.order_by(
        MedicationStatement.status, MedicationStatement.start_date.desc()).limit(SECTION_LIMIT)))


def problems(subject, decision, f: RecordFilter) -> list[Condition]:
    """Return the problem list, active first, newest first."""
    query = (select(Condition).where(Condition.person_id == subject.id)
             .options(joinedload(Condition.unit)))
    if not decision.include_confidential:
        query = query.where(Condition.confidential.is_(False))
    query = _narrow(query, f, day=Condition.onset_date, unit=Condition.unit_id,
                    words=(Condition.display, Condition.code))
    return list(db.session.scalars(query.order_by(Condition.status, Condition.onset_date.desc())
                                   .limit(SECTION_LIMIT)))


def vaccinations(subject, f: RecordFilter) -> list[Immunization]:
    """Return vaccinations given, newest first."""
    query = (select(Immunization).where(Immunization.person_id == subject.id)
             .options(joinedload(Immunization.unit)))
    query = _narrow(query, f, day=Immunization.occurred_on, unit=Immunization.unit_id,
                    words=(Immunization.display,))
    return list(db.session.scalars(query.order_by(Immunization.occurred_on.desc())))


def plans(subject, f: RecordFilter) -> list[CarePlan]:
    """Return care and treatment plans, newest first."""
    query = (select(CarePlan).where(CarePlan.person_id == subject.id)
             .options(joinedload(CarePlan.unit)))
    query = _narrow(query, f, day=CarePlan.start_date, unit=CarePlan.unit_id,
                    words=(CarePlan.title, CarePlan.description))
    return list(db.session.scalars(query.order_by(CarePlan.start_date.desc()).limit(SECTION_LIMIT)))


def growth_measurements(subject) -> list[Observation]:
    """Return height and weight measurements, oldest first (for the chart)."""
    return list(db.session.scalars(
        select(Observation).where(Observation.person_id == subject.id,
                                  Observation.category == "vital-signs",
                                  Observation.code.in_((HEIGHT[0], WEIGHT[0])))
        .order_by(Observation.effective_at)))


def sources(subject) -> list[Organization]:
    """Return the units that have written in the person's journal, for the source filter."""
    unit_ids = set()
    for model in (DocumentEntry, MedicationStatement, Condition, Immunization, CarePlan):
        unit_ids |= set(db.session.scalars(select(model.unit_id).where(model.person_id == subject.id).distinct()))
    if not unit_ids:
        return []
    return list(db.session.scalars(select(Organization).where(Organization.id.in_(unit_ids))
                                   .order_by(Organization.name)))


def document_for(subject, document_id: int) -> DocumentEntry | None:
    """Return one of the person's documents, or None if it is not theirs."""
    document = db.session.get(DocumentEntry, document_id)
    if document is None or document.person_id != subject.id:
        return None
    return document


def area_of(document: DocumentEntry) -> Area:
    """Return the access area a document belongs to: notes, or letters and documents."""
    return Area.NOTES if document.kind in NOTE_KINDS else Area.DOCUMENTS
