"""Visit types, schedules, slots and appointments (FHIR Schedule, Slot, Appointment)."""

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    exists,
    false,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import db
from portal.access.purposes import PurposeRow
from portal.db import Base, UTCDateTime
from portal.journal import units
from portal.journal.models import Organization, Person, Practitioner
from portal.types import created, intpk, str200

APPOINTMENT_STATUSES = ("booked", "cancelled", "attended", "no_show")


class VisitType(Base):
    """A kind of visit a unit offers, with its duration, mode, ages and booking channel."""

    __tablename__ = "visit_type"
    __table_args__ = (
        UniqueConstraint("unit_id", "code"),
        CheckConstraint("duration_minutes BETWEEN 5 AND 480", name="duration"),
        CheckConstraint("mode IN ('in_person', 'video')", name="mode"),
        CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_range"
        ),
    )

    id: Mapped[intpk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name_nb: Mapped[str200]
    name_nn: Mapped[str200]
    name_en: Mapped[str200]
    duration_minutes: Mapped[int]
    mode: Mapped[str] = mapped_column(String(10), default="in_person")
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    open_booking: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # The questionnaire sent with a booking, due before the visit (issue 21).
    questionnaire_code: Mapped[str | None] = mapped_column(String(40))

    unit: Mapped[Organization] = relationship()


class Schedule(Base):
    """A weekly pattern from which staff publish slots."""

    __tablename__ = "schedule"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("end_time > start_time", name="times"),
    )

    id: Mapped[intpk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    visit_type_id: Mapped[int] = mapped_column(ForeignKey("visit_type.id"))
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioner.id"))
    weekday: Mapped[int]
    start_time: Mapped[time]
    end_time: Mapped[time]


class Slot(Base):
    """A time a unit offers for one visit type; it holds at most one booking."""

    __tablename__ = "slot"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="period"),
        UniqueConstraint("unit_id", "practitioner_id", "start_at"),
        Index("ix_slot_visit_type_start", "visit_type_id", "start_at"),
    )

    id: Mapped[intpk]
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    visit_type_id: Mapped[int] = mapped_column(ForeignKey("visit_type.id"))
    practitioner_id: Mapped[int | None] = mapped_column(ForeignKey("practitioner.id"))
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedule.id"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())

    unit: Mapped[Organization] = relationship()
    visit_type: Mapped[VisitType] = relationship()
    practitioner: Mapped[Practitioner | None] = relationship()


class Appointment(PurposeRow, Base):
    """A booking of a slot for a person, with who booked it and through which channel.

    An appointment at a unit is that unit's staff's purpose to see the person (its slot's
    unit, which the decision reads again from the database).
    """

    __tablename__ = "appointment"
    __table_args__ = (
        CheckConstraint(f"status IN {APPOINTMENT_STATUSES!r}", name="status"),
        CheckConstraint("channel IN ('self', 'staff')", name="channel"),
        CheckConstraint("end_at > start_at", name="period"),
        # One booking per slot, held by the database (DOMAIN.md, "Appointments").
        Index(
            "uq_appointment_slot_active",
            "slot_id",
            unique=True,
            sqlite_where=text("status <> 'cancelled'"),
            postgresql_where=text("status <> 'cancelled'"),
        ),
        # The day list and the attendance still to register look appointments up by time
        # (issue 22: at 100,000 citizens a scan of every appointment took 90 ms).
        Index("ix_appointment_start_at", "start_at"),
        Index("ix_appointment_end_at", "end_at"),
        # What staff have not yet seen of the bookings and cancellations made in the portal.
        Index("ix_appointment_unseen", "slot_id", sqlite_where=text("staff_seen_at IS NULL"),
              postgresql_where=text("staff_seen_at IS NULL")),
        # A person's earlier appointments leave out those that were moved (their successor
        # names them): at 100,000 citizens finding them without this scanned every
        # appointment (38 ms a page).
        Index("ix_appointment_rescheduled_from", "rescheduled_from_id",
              sqlite_where=text("rescheduled_from_id IS NOT NULL"),
              postgresql_where=text("rescheduled_from_id IS NOT NULL")),
    )

    id: Mapped[intpk]
    slot_id: Mapped[int] = mapped_column(ForeignKey("slot.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    channel: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(10), default="booked")
    # The slot's times, kept here too so that the database can refuse overlapping bookings
    # for one person (an exclusion constraint on PostgreSQL, triggers on SQLite).
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    end_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(String(200))
    video_room: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[created]
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    # Cancelled by the unit (avlyst) rather than by the person or for them (avbestilt).
    cancelled_by_unit: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When staff of the unit first saw a booking or cancellation made in the portal.
    staff_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rescheduled_from_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id"))

    slot: Mapped[Slot] = relationship(lazy="joined")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    booked_by: Mapped[Person] = relationship(foreign_keys=[booked_by_id])
    cancelled_by: Mapped[Person | None] = relationship(foreign_keys=[cancelled_by_id])

    @property
    def unit_id(self) -> int | None:
        """Return the unit the appointment is at (its slot's), which staff access is checked on."""
        return self.slot.unit_id if self.slot is not None else None

    @classmethod
    def purpose_rows(cls, unit_id: int):
        """Return the condition for the appointments at a unit (and the sub-units it covers).

        Each appointment's slot is looked up (EXISTS), so a day's list is found by its dates
        and then checked; a list of every slot the unit ever had grows with the years and the
        population (issue 22: 21 ms a query for the day list at 100,000 citizens).
        """
        return exists().where(Slot.id == cls.slot_id,
                              Slot.unit_id.in_(units.served_by(unit_id))).correlate_except(Slot)


@dataclass(frozen=True)
class SlotBooking:
    """A staff purpose: booking a free time of the unit for a person found in the register."""

    slot_id: int
    unit_id: int
    person_id: int

    def holds(self) -> bool:
        """Tell whether the time is the unit's and the person is in the register."""
        return db.session.scalar(select(Slot.id).where(
            Slot.id == self.slot_id, Slot.unit_id == self.unit_id)) is not None \
            and db.session.get(Person, self.person_id) is not None

    @classmethod
    def of(cls, slot: "Slot", person: Person) -> "SlotBooking":
        """Return the purpose of booking this slot for this person."""
        return cls(slot.id, slot.unit_id, person.id)


class WaitlistEntry(Base):
    """A person waiting for an earlier time of a visit type, and the offer they hold, if any."""

    __tablename__ = "waitlist_entry"
    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'offered', 'accepted', 'expired', 'withdrawn')",
                        name="status"),
        CheckConstraint("status <> 'offered' OR (offered_slot_id IS NOT NULL AND offer_expires_at IS NOT NULL)",
                        name="offer_complete"),
        Index("ix_waitlist_entry_visit_type_status", "visit_type_id", "status", "created_at"),
        # One open place in the queue per person and visit type.
        Index(
            "uq_waitlist_entry_open",
            "person_id",
            "visit_type_id",
            unique=True,
            sqlite_where=text("status IN ('waiting', 'offered')"),
            postgresql_where=text("status IN ('waiting', 'offered')"),
        ),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    visit_type_id: Mapped[int] = mapped_column(ForeignKey("visit_type.id"))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    offered_slot_id: Mapped[int | None] = mapped_column(ForeignKey("slot.id"))
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[created]
