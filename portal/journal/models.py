"""People, organisations and practitioners (FHIR Person, Organization, PractitionerRole)."""

from datetime import date

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base
from portal.journal import national_id
from portal.types import created, intpk, str200

UNIT_KINDS = (
    "hospital",
    "municipality",
    "gp_office",
    "health_station",
    "youth_health_station",
    "home_care",
    "case_office",
    "laboratory",
    "nursing_home",
)
STAFF_ROLES = ("nurse", "gp", "case_officer", "leader", "home_care_worker", "physician")
# The roles of doctors: they share held-back results and renew prescriptions.
DOCTOR_ROLES = ("gp", "physician")


class Organization(Base):
    """A hospital, a municipality, or a unit within one (FHIR Organization with partOf)."""

    __tablename__ = "organization"
    __table_args__ = (
        CheckConstraint(f"kind IN {UNIT_KINDS!r}", name="kind"),
        CheckConstraint("answer_days IS NULL OR answer_days BETWEEN 1 AND 30", name="answer_days"),
    )

    id: Mapped[intpk]
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str200]
    kind: Mapped[str] = mapped_column(String(30))
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    phone: Mapped[str | None] = mapped_column(String(20))
    # Working days within which the unit promises to answer a message.
    answer_days: Mapped[int | None]
    # Whether the unit's staff also serve its sub-units (their inbox and day list), as the
    # municipality sets it.
    covers_sub_units: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The fee (NOK) the unit may charge for a late cancellation or a no-show; None: no fee.
    no_show_fee: Mapped[int | None]
    # A municipality's number (kommunenummer): its first two digits are the county, whose
    # county governor decides appeals (applications/appeals.py).
    municipality_number: Mapped[str | None] = mapped_column(String(4))
    # The services a municipality treats as non-statutory: appealed to its own appeals board.
    non_statutory_services: Mapped[list] = mapped_column(JSON, default=list,
                                                         server_default="[]")

    # A nursing home's places (for occupancy on the insight dashboard).
    beds: Mapped[int | None]
    # Whether a municipality shows citizens the names of the home-care staff who visit them.
    shows_staff_names: Mapped[bool] = mapped_column(default=False, server_default=false())

    part_of: Mapped["Organization | None"] = relationship(remote_side="Organization.id")


class Person(Base):
    """A person in the population register's copy (FHIR Patient/Person)."""

    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("length(national_id) = 11", name="national_id_length"),
        CheckConstraint("registered_sex IN ('female', 'male')", name="registered_sex"),
    )

    id: Mapped[intpk]
    national_id: Mapped[str] = mapped_column(String(11), unique=True)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100), index=True)
    birth_date: Mapped[date]
    street: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(4))
    city: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(200))
    gp_unit_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    # The municipality the person is registered as living in (folkeregistrert), if it is one
    # of the portal's: the insight dashboard counts its inhabitants by it.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"),
                                                         index=True)
    # The language the person reads the portal and its notices in (None: bokmål).
    language: Mapped[str | None] = mapped_column(String(5))
    # The sex the population register holds ("female" or "male"); None: read it from the
    # national identity number (see `sex`).
    registered_sex: Mapped[str | None] = mapped_column(String(6))
    created_at: Mapped[created]

    gp_unit: Mapped[Organization | None] = relationship(foreign_keys=[gp_unit_id])
    roles: Mapped[list["Practitioner"]] = relationship(back_populates="person")

    @property
    def name(self) -> str:
        """Return the name as it is written in Norway: given names, then family name."""
        return f"{self.given_name} {self.family_name}"

    @property
    def sex(self) -> str | None:
        """Return "female" or "male": as registered, else from the number's ninth digit."""
        if self.registered_sex:
            return self.registered_sex
        try:
            return national_id.parse(self.national_id).sex
        except national_id.InvalidNationalId:
            return None

    @property
    def address_key(self) -> tuple | None:
        """Return the registered address in a comparable form, or None without one."""
        if not self.street or not self.postcode:
            return None
        return (" ".join(self.street.lower().split()), self.postcode)


class Practitioner(Base):
    """A person working in a unit with a role (FHIR PractitionerRole)."""

    __tablename__ = "practitioner"
    __table_args__ = (
        UniqueConstraint("person_id", "unit_id"),
        CheckConstraint(f"role IN {STAFF_ROLES!r}", name="role"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)

    person: Mapped[Person] = relationship(back_populates="roles", lazy="joined")
    unit: Mapped[Organization] = relationship(lazy="joined")


class GpListPeriod(Base):
    """A period on a GP office's list (fastlegeliste): the person's GP history.

    `Person.gp_unit_id` is the office now; these rows are where the person was listed and
    when, so that the municipality can count changes of GP (issue 18).
    """

    __tablename__ = "gp_list_period"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period"),
        Index("ix_gp_list_period_starts_on", "starts_on"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"),
                                           index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
