"""Questionnaires as loaded from the repository, and the responses people give.

A response is sent (with a booking, or by staff), kept as a draft while the person answers
a section at a time, and completed: then it is the journal's QuestionnaireResponse, with its
score and flags. Each is addressed to the unit that sent it: that is the unit's purpose to
read it (a purpose row, as an appointment is).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import db
from portal.access.purposes import PurposeRow
from portal.db import Base, UTCDateTime
from portal.journal import units
from portal.journal.models import Organization, Person
from portal.types import created, intpk, person_fk, unit_fk

RESPONSE_STATUSES = ("sent", "in-progress", "completed", "withdrawn")
# The units that send questionnaires to people.
SENDING_UNIT_KINDS = ("gp_office", "health_station", "youth_health_station")


class Questionnaire(Base):
    """One version of a questionnaire, as its JSON file held it when `flask setup` ran."""

    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[str] = mapped_column(String(20))
    definition: Mapped[dict] = mapped_column(JSON)
    loaded_at: Mapped[created]


class QuestionnaireResponse(PurposeRow, Base):
    """A questionnaire sent to a person, and their answers (FHIR QuestionnaireResponse)."""

    __tablename__ = "questionnaire_response"
    __table_args__ = (
        CheckConstraint(f"status IN {RESPONSE_STATUSES!r}", name="status"),
        CheckConstraint("status <> 'completed' OR completed_at IS NOT NULL", name="completed"),
        # One questionnaire of a kind per appointment.
        Index("uq_questionnaire_response_appointment", "appointment_id", "questionnaire_id",
              unique=True, sqlite_where=text("appointment_id IS NOT NULL"),
              postgresql_where=text("appointment_id IS NOT NULL")),
    )

    id: Mapped[intpk]
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"), index=True)
    person_id: Mapped[int] = person_fk()
    unit_id: Mapped[int] = unit_fk()  # who sent it, and reads the answers
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointment.id", ondelete="SET NULL"), index=True)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(20), default="sent")
    # Never shown to parents or representatives (a young person's own youth form).
    confidential: Mapped[bool] = mapped_column(default=False)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    score: Mapped[int | None]
    flags: Mapped[list] = mapped_column(JSON, default=list)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[created]
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    unit: Mapped[Organization] = relationship()
    answered_by: Mapped[Person | None] = relationship(foreign_keys=[answered_by_id])

    @classmethod
    def purpose_rows(cls, unit_id: int):
        """A response is the purpose of the unit it was sent from (and of a unit covering it)."""
        return cls.unit_id.in_(units.served_by(unit_id))

    OPEN = ("sent", "in-progress")  # the states in which the person may still answer

    @property
    def is_open(self) -> bool:
        """Tell whether the person may still answer."""
        return self.status in self.OPEN


@dataclass(frozen=True)
class Sending:
    """A staff purpose: sending a questionnaire from a clinical unit to a person found in the
    register (it opens only who the person is; the answers come through the response)."""

    unit_id: int
    person_id: int

    def holds(self) -> bool:
        """Tell whether the unit may send questionnaires and the person is in the register."""
        return db.session.scalar(select(Organization.id).where(
            Organization.id == self.unit_id, Organization.kind.in_(SENDING_UNIT_KINDS))) \
            is not None and db.session.get(Person, self.person_id) is not None
