"""When someone last looked at a person's results, for the "new" marker."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime
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
