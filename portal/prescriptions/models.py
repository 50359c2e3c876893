"""Prescriptions as the prescription intermediary (Reseptformidleren) holds them, and the
requests to renew them.

Sources for the rules (see rules.py): a prescription is valid one year from the day it is
issued or renewed; prescriptions for group A (narcotics) and B (habit-forming) medicines are
for one dispensing and are never reiterated (Store medisinske leksikon, "resept"; Apotek 1,
"Gyldighet på resepter").
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime
from portal.journal.models import Organization, Person, Practitioner
from portal.types import created, intpk, person_fk, practitioner_fk, str200, unit_fk

# A: narcotics; B: habit-forming; C: other prescription medicines; F: non-prescription
# medicines on a prescription (e.g. for reimbursement).
PRESCRIPTION_GROUPS = ("A", "B", "C", "F")
REQUEST_STATES = ("sent", "renewed", "declined", "book_appointment")


class Prescription(Base):
    """One e-prescription: a medicine, how to take it, how much, until when."""

    __tablename__ = "prescription"
    __table_args__ = (
        CheckConstraint(f"prescription_group IN {PRESCRIPTION_GROUPS!r}",
                        name="prescription_group"),
        CheckConstraint("valid_to > issued_on", name="validity"),
        CheckConstraint("dispensings_left >= 0 AND dispensings_left <= dispensings",
                        name="dispensings_left"),
        CheckConstraint("dispensings >= 1", name="dispensings"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    medication: Mapped[str200]
    strength: Mapped[str] = mapped_column(String(40))
    atc_code: Mapped[str | None] = mapped_column(String(10))
    dosage: Mapped[str200]
    amount: Mapped[str] = mapped_column(String(80))  # per dispensing, e.g. "100 tabletter"
    dispensings: Mapped[int]  # the first and the reiterations
    dispensings_left: Mapped[int]
    prescription_group: Mapped[str] = mapped_column(String(1))
    multidose: Mapped[bool] = mapped_column(default=False)
    issued_on: Mapped[date]
    valid_to: Mapped[date]
    last_dispensed_on: Mapped[date | None]
    unit_id: Mapped[int] = unit_fk()
    prescriber_id: Mapped[int | None] = practitioner_fk()
    # The prescription that replaced this one when it was renewed.
    renewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("prescription.id"))

    person: Mapped[Person] = relationship()
    unit: Mapped[Organization] = relationship()
    prescriber: Mapped[Practitioner | None] = relationship()


class RenewalRequest(Base):
    """A person's request that their GP office renew a prescription, and its answer.

    One request per prescription at a time, held by the database.
    """

    __tablename__ = "renewal_request"
    __table_args__ = (
        CheckConstraint(f"state IN {REQUEST_STATES!r}", name="state"),
        CheckConstraint("state <> 'declined' OR reason IS NOT NULL", name="declined_reason"),
        CheckConstraint("state <> 'renewed' OR new_prescription_id IS NOT NULL",
                        name="renewed_prescription"),
        Index("uq_renewal_request_open", "prescription_id", unique=True,
              sqlite_where=text("state = 'sent'"), postgresql_where=text("state = 'sent'")),
        Index("ix_renewal_request_unit_state", "unit_id", "state", "created_at"),
    )

    id: Mapped[intpk]
    prescription_id: Mapped[int] = mapped_column(
        ForeignKey("prescription.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = person_fk()
    unit_id: Mapped[int] = unit_fk()  # the person's GP office when the request was sent
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    note: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20), default="sent")
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[created]
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = practitioner_fk()
    new_prescription_id: Mapped[int | None] = mapped_column(ForeignKey("prescription.id"))

    prescription: Mapped[Prescription] = relationship(foreign_keys=[prescription_id])
    new_prescription: Mapped[Prescription | None] = relationship(
        foreign_keys=[new_prescription_id])
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    requested_by: Mapped[Person] = relationship(foreign_keys=[requested_by_id])
    unit: Mapped[Organization] = relationship()
    decided_by: Mapped[Practitioner | None] = relationship()
