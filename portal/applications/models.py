"""Applications, the events of their case, and decisions (one part per service)."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.access.purposes import PurposeRow
from portal.applications.catalogue import FeeRule
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
FEE_RULES = tuple(rule.value for rule in FeeRule)


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
    # When an interim reply is due at the latest: one calendar month after sending (fvl § 11 a).
    interim_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    interim_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The date the last interim reply promised a decision by (None: no date promised yet).
    decision_expected_on: Mapped[date | None] = mapped_column(Date)

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
    # For an interim reply: the date it expects the decision by (None for the automatic one).
    expected_on: Mapped[date | None] = mapped_column(Date)


class Decision(Base):
    """A decision letter on an application: the reasons, and one part per service applied for.

    The outcome is the sum of the parts: granted if every service is, refused if none is,
    partly granted otherwise.
    """

    __tablename__ = "decision"
    __table_args__ = (CheckConstraint(f"outcome IN {OUTCOMES!r}", name="outcome"),)

    id: Mapped[intpk]
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[text]
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[created]

    services: Mapped[list["ServiceDecision"]] = relationship(
        order_by="ServiceDecision.id", lazy="selectin", cascade="all, delete-orphan")


class ServiceDecision(Base):
    """The decision on one service: its outcome, period, scope and fee under the service's rule.

    DOMAIN.md, "Applications": one decision per service. The legal basis is the service's
    (catalogue.py); the fee rule is kept as it was when decided.
    """

    __tablename__ = "service_decision"
    __table_args__ = (
        UniqueConstraint("decision_id", "service"),
        CheckConstraint(f"outcome IN {OUTCOMES!r}", name="outcome"),
        CheckConstraint(f"fee_rule IN {FEE_RULES!r}", name="fee_rule"),
        CheckConstraint("fee_nok IS NULL OR fee_nok >= 0", name="fee"),
        CheckConstraint("outcome = 'refused' OR starts_on IS NOT NULL", name="granted_from"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),
    )

    id: Mapped[intpk]
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision.id", ondelete="CASCADE"), index=True
    )
    service: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[str | None] = mapped_column(Text)
    fee_rule: Mapped[str] = mapped_column(String(20))
    fee_nok: Mapped[int | None]
