"""What is written in a person's journal: visits, results, documents, medicines and more.

Every entry names the unit (and where known the practitioner) it came from, because the
portal always shows its source (DOMAIN.md, "One citizen, one journal").
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime
from portal.journal.models import Organization, Person, Practitioner
from portal.types import created, intpk, person_fk, practitioner_fk, str200, text, unit_fk

ENCOUNTER_KINDS = ("visit", "video", "home_visit", "admission", "phone")
OBSERVATION_STATUSES = ("registered", "preliminary", "final", "amended", "corrected", "cancelled")
INTERPRETATIONS = ("N", "L", "H", "LL", "HH", "A", "AA")
DOCUMENT_KINDS = ("visit_summary", "note", "letter", "discharge_summary")


class Encounter(Base):
    """A visit, video visit, home visit or hospital stay (FHIR Encounter)."""

    __tablename__ = "encounter"
    __table_args__ = (
        CheckConstraint(f"kind IN {ENCOUNTER_KINDS!r}", name="kind"),
        CheckConstraint("end_at IS NULL OR end_at >= start_at", name="period"),
        Index("ix_encounter_person_start", "person_id", "start_at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    person: Mapped[Person] = relationship()
    unit_id: Mapped[int] = unit_fk()
    practitioner_id: Mapped[int | None] = practitioner_fk(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(String(200))
    # Confidential for the person (e.g. a youth health station visit): never shown to parents.
    confidential: Mapped[bool] = mapped_column(default=False)

    unit: Mapped[Organization] = relationship()
    practitioner: Mapped[Practitioner | None] = relationship()


class Observation(Base):
    """A lab result or a measurement such as height and weight (FHIR Observation)."""

    __tablename__ = "observation"
    __table_args__ = (
        CheckConstraint(f"status IN {OBSERVATION_STATUSES!r}", name="status"),
        CheckConstraint(
            f"interpretation IS NULL OR interpretation IN {INTERPRETATIONS!r}",
            name="interpretation",
        ),
        CheckConstraint("release_category BETWEEN 1 AND 4", name="release_category"),
        CheckConstraint("category IN ('laboratory', 'vital-signs')", name="category"),
        CheckConstraint(
            "value_quantity IS NOT NULL OR value_string IS NOT NULL OR status = 'cancelled'",
            name="has_value",
        ),
        CheckConstraint("ref_low IS NULL OR ref_high IS NULL OR ref_low <= ref_high", name="range"),
        Index("ix_observation_person_effective", "person_id", "effective_at"),
        Index("ix_observation_person_code_effective", "person_id", "code", "effective_at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    person: Mapped[Person] = relationship()
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounter.id"))
    category: Mapped[str] = mapped_column(String(20), default="laboratory")
    # NLK (NPU) code first; LOINC alongside where known (DOMAIN.md, "Lab results").
    code_system: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(40))
    loinc: Mapped[str | None] = mapped_column(String(20))
    display: Mapped[str200]
    value_quantity: Mapped[float | None]
    value_string: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(40))
    ref_low: Mapped[float | None]
    ref_high: Mapped[float | None]
    ref_text: Mapped[str | None] = mapped_column(String(100))
    critical_low: Mapped[float | None]
    critical_high: Mapped[float | None]
    interpretation: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20), default="final")
    release_category: Mapped[int] = mapped_column(default=1)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    release_comment: Mapped[str | None] = mapped_column(Text)
    released_by_id: Mapped[int | None] = practitioner_fk()
    effective_at: Mapped[datetime] = mapped_column(UTCDateTime())
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    performer_unit_id: Mapped[int] = unit_fk()
    ordered_by_id: Mapped[int | None] = practitioner_fk()
    comment: Mapped[str | None] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(default=False)

    performer_unit: Mapped[Organization] = relationship()
    ordered_by: Mapped[Practitioner | None] = relationship(foreign_keys=[ordered_by_id])
    released_by: Mapped[Practitioner | None] = relationship(foreign_keys=[released_by_id])
    encounter: Mapped[Encounter | None] = relationship()


class DocumentEntry(Base):
    """A visit summary, clinical note or letter (FHIR DocumentReference)."""

    __tablename__ = "document_entry"
    __table_args__ = (
        CheckConstraint(f"kind IN {DOCUMENT_KINDS!r}", name="kind"),
        Index("ix_document_entry_person_date", "person_id", "written_at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    person: Mapped[Person] = relationship()
    encounter_id: Mapped[int | None] = mapped_column(ForeignKey("encounter.id"))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str200]
    body: Mapped[text]
    unit_id: Mapped[int] = unit_fk()
    author_id: Mapped[int | None] = practitioner_fk()
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())
    confidential: Mapped[bool] = mapped_column(default=False)

    unit: Mapped[Organization] = relationship()
    author: Mapped[Practitioner | None] = relationship()
    encounter: Mapped[Encounter | None] = relationship()


class MedicationStatement(Base):
    """A medicine on the person's list, current or stopped (FHIR MedicationStatement)."""

    __tablename__ = "medication_statement"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'stopped')", name="status"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    person: Mapped[Person] = relationship()
    medication: Mapped[str200]
    atc_code: Mapped[str | None] = mapped_column(String(10))
    dosage: Mapped[str200]
    reason: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="active")
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    unit_id: Mapped[int] = unit_fk()
    prescriber_id: Mapped[int | None] = practitioner_fk()

    unit: Mapped[Organization] = relationship()
    prescriber: Mapped[Practitioner | None] = relationship()


class Condition(Base):
    """A problem or diagnosis on the problem list (FHIR Condition)."""

    __tablename__ = "condition"
    __table_args__ = (CheckConstraint("status IN ('active', 'resolved')", name="status"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    person: Mapped[Person] = relationship()
    code_system: Mapped[str] = mapped_column(String(60))
    code: Mapped[str] = mapped_column(String(20))
    display: Mapped[str200]
    status: Mapped[str] = mapped_column(String(10), default="active")
    onset_date: Mapped[date | None]
    abatement_date: Mapped[date | None]
    unit_id: Mapped[int] = unit_fk()
    recorder_id: Mapped[int | None] = practitioner_fk()
    confidential: Mapped[bool] = mapped_column(default=False)

    unit: Mapped[Organization] = relationship()
    recorder: Mapped[Practitioner | None] = relationship()


class Immunization(Base):
    """A vaccination given (FHIR Immunization)."""

    __tablename__ = "immunization"
    __table_args__ = (CheckConstraint("dose_number IS NULL OR dose_number >= 1", name="dose"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    person: Mapped[Person] = relationship()
    vaccine_code: Mapped[str] = mapped_column(String(20))
    display: Mapped[str200]
    dose_number: Mapped[int | None]
    occurred_on: Mapped[date]
    unit_id: Mapped[int] = unit_fk()
    performer_id: Mapped[int | None] = practitioner_fk()

    unit: Mapped[Organization] = relationship()
    performer: Mapped[Practitioner | None] = relationship()


class CarePlan(Base):
    """A care or treatment plan (FHIR CarePlan)."""

    __tablename__ = "care_plan"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'active', 'completed', 'revoked')", name="status"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    person: Mapped[Person] = relationship()
    title: Mapped[str200]
    description: Mapped[text]
    status: Mapped[str] = mapped_column(String(10), default="active")
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    unit_id: Mapped[int] = unit_fk()
    author_id: Mapped[int | None] = practitioner_fk()
    created_at: Mapped[created]

    unit: Mapped[Organization] = relationship()
