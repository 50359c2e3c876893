"""Applications, the events of their case, and decisions."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.access.purposes import PurposeRow
from portal.db import Base, UTCDateTime
from portal.journal.models import Person
from portal.types import created, intpk, text

APPLICATION_STATES = (
    "draft",
    "submitted",
    "received",
    "more_info_requested",
    "under_assessment",
    "decided",
    "appealed",
    "reconsidered",
    "forwarded",
    "withdrawn",
)
OUTCOMES = ("granted", "partly_granted", "refused")


class Application(PurposeRow, Base):
    """An application for municipal services, from draft to decision and appeal.

    A sent application is the case office's purpose to see the applicant; a draft is the
    applicant's own until it is sent.
    """

    __tablename__ = "application"
    __table_args__ = (
        CheckConstraint(f"state IN {APPLICATION_STATES!r}", name="state"),
        CheckConstraint(
            "state = 'draft' OR (case_number IS NOT NULL AND submitted_at IS NOT NULL)",
            name="submitted_has_case_number",
        ),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    case_number: Mapped[str | None] = mapped_column(String(20), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    services: Mapped[list] = mapped_column(JSON, default=list)
    form_data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[created]
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    interim_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    submitted_by: Mapped[Person] = relationship(foreign_keys=[submitted_by_id])

    @classmethod
    def purpose_rows(cls, unit_id: int):
        """Return the condition for the sent applications to an office."""
        return (cls.unit_id == unit_id) & (cls.state != "draft")


class CaseEvent(Base):
    """One step on an application's timeline, seen by applicant and case officer alike."""

    __tablename__ = "case_event"

    id: Mapped[intpk]
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    at: Mapped[created]
    note: Mapped[str | None] = mapped_column(Text)


class Decision(Base):
    """A decision on an application, with reasons, scope and fee."""

    __tablename__ = "decision"
    __table_args__ = (
        CheckConstraint(f"outcome IN {OUTCOMES!r}", name="outcome"),
        CheckConstraint("fee_nok IS NULL OR fee_nok >= 0", name="fee"),
    )

    id: Mapped[intpk]
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[text]
    scope: Mapped[str | None] = mapped_column(Text)
    fee_nok: Mapped[int | None]
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[created]
