"""When someone last looked at a person's results, for the "new" marker."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from portal import db
from portal.access.areas import StaffRows
from portal.db import Base, UTCDateTime
from portal.journal.models import Person
from portal.types import intpk


class ResultsSeen(Base):
    """The last time a viewer opened the results of a subject (themselves or someone else)."""

    __tablename__ = "results_seen"
    __table_args__ = (UniqueConstraint("viewer_id", "subject_id"),)

    id: Mapped[intpk]
    viewer_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class GpListing:
    """A staff purpose: the person is on the list of the staff member's GP office."""

    unit_id: int
    person_id: int

    def holds(self) -> bool:
        """Tell whether the register lists the person with this GP office now."""
        return db.session.scalar(select(Person.id).where(
            Person.id == self.person_id, Person.gp_unit_id == self.unit_id)) is not None


def gp_listing(person_id: int, unit_id: int) -> GpListing | None:
    """Return the purpose that the person is listed with the GP office, read from the list."""
    listing = GpListing(unit_id, person_id)
    return listing if listing.holds() else None


def by_listing(row, unit_id: int) -> GpListing | None:
    """Return the GP listing purpose for a row's person, if the person is on the list."""
    return gp_listing(row.person_id, unit_id)


def listed_rows(model) -> StaffRows:
    """Return how a GP office reaches a table's rows: those of the people on its list, each
    through the GP listing purpose read from the list (results, the medication list,
    prescriptions)."""
    return StaffRows(rows=lambda unit_id: model.person_id.in_(
        select(Person.id).where(Person.gp_unit_id == unit_id)), purpose_of=by_listing)
