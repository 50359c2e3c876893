"""Home-care visits and their plans, and stays in nursing-home places (FHIR Appointment/
Encounter with a home-care team; Encounter with an admission and a discharge).

A granted decision on home nursing or practical assistance leads to a visit plan, and the
plan to planned visits (`services.plan_visits`); each visit is then done or cancelled by the
team, with the employee who came and how long it took. A granted short-term stay or
long-term place leads to a stay in one of the municipality's nursing homes.
"""

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime
from portal.journal.models import Organization, Practitioner
from portal.types import intpk, person_fk, unit_fk

VISIT_SERVICES = ("home_nursing", "practical_assistance")
VISIT_STATUSES = ("planned", "done", "cancelled")
STAY_KINDS = ("short_term", "long_term")
# The application service each kind of stay is granted as.
STAY_SERVICES = {"short_term_stay": "short_term", "long_term_place": "long_term"}
# What a municipality may set a target for (the insight dashboard compares against it).
TARGETS = ("long_term_stay_days", "short_term_stay_days", "occupancy_percent")


class VisitPlan(Base):
    """A person's home-care visits as granted: which service, how often, when, how long."""

    __tablename__ = "visit_plan"
    __table_args__ = (
        CheckConstraint(f"service IN {VISIT_SERVICES!r}", name="service"),
        CheckConstraint("minutes BETWEEN 5 AND 480", name="minutes"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),
        CheckConstraint("length(weekdays) BETWEEN 1 AND 7", name="weekdays"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    team_id: Mapped[int] = unit_fk()
    service: Mapped[str] = mapped_column(String(30))
    service_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_decision.id"), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # ISO weekdays the visits fall on, as digits: "1234567" is every day, "3" Wednesdays.
    weekdays: Mapped[str] = mapped_column(String(7))
    at: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int]

    team: Mapped[Organization] = relationship()


class HomeCareVisit(Base):
    """One visit from a home-care team: planned, then done (by whom, how long) or cancelled."""

    __tablename__ = "home_care_visit"
    __table_args__ = (
        CheckConstraint(f"service IN {VISIT_SERVICES!r}", name="service"),
        CheckConstraint(f"status IN {VISIT_STATUSES!r}", name="status"),
        CheckConstraint("minutes BETWEEN 5 AND 480", name="minutes"),
        CheckConstraint("status <> 'done' OR (practitioner_id IS NOT NULL "
                        "AND done_minutes IS NOT NULL)", name="done_by"),
        UniqueConstraint("plan_id", "starts_at"),
        Index("ix_home_care_visit_team_start", "team_id", "starts_at"),
        Index("ix_home_care_visit_person_start", "person_id", "starts_at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("visit_plan.id"))
    service: Mapped[str] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    minutes: Mapped[int]  # planned
    status: Mapped[str] = mapped_column(String(10), default="planned")
    # The employee planned to come, then the one who came.
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioner.id"))
    done_minutes: Mapped[int | None]

    team: Mapped[Organization] = relationship()
    practitioner: Mapped[Practitioner | None] = relationship()


class Stay(Base):
    """A stay in a short-term or long-term place of a nursing home, from admission to
    discharge (still there while discharged_on is empty)."""

    __tablename__ = "stay"
    __table_args__ = (
        CheckConstraint(f"kind IN {STAY_KINDS!r}", name="kind"),
        CheckConstraint("discharged_on IS NULL OR discharged_on >= admitted_on", name="period"),
        Index("ix_stay_unit_admitted", "unit_id", "admitted_on"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = person_fk()
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    kind: Mapped[str] = mapped_column(String(10))
    service_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_decision.id"), unique=True)
    admitted_on: Mapped[date] = mapped_column(Date)
    discharged_on: Mapped[date | None] = mapped_column(Date)

    unit: Mapped[Organization] = relationship()


class CareTarget(Base):
    """A target a municipality sets for itself (e.g. a mean long-term stay of 650 days)."""

    __tablename__ = "care_target"
    __table_args__ = (
        CheckConstraint(f"indicator IN {TARGETS!r}", name="indicator"),
        CheckConstraint("value >= 0", name="value"),
        UniqueConstraint("municipality_id", "indicator"),
    )

    id: Mapped[intpk]
    municipality_id: Mapped[int] = unit_fk()
    indicator: Mapped[str] = mapped_column(String(30))
    value: Mapped[int]
