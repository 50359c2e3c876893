"""The access log: who read whose health data, when and in which role. Append-only."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, insert
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal import db
from portal.db import Base
from portal.journal.models import Organization, Person
from portal.types import created, intpk

if TYPE_CHECKING:  # imported at run time by portal.models; a cycle if imported here
    from portal.smart.models import App

# "self" only through an app: a person's own reads in the portal are not logged.
ACTOR_ROLES = ("self", "parent", "representative", "staff")


class AccessLogEntry(Base):
    """One read of a person's health data by someone other than the person, or by an app."""

    __tablename__ = "access_log_entry"
    __table_args__ = (
        CheckConstraint(f"actor_role IN {ACTOR_ROLES!r}", name="actor_role"),
        Index("ix_access_log_subject_at", "subject_id", "at"),
    )

    id: Mapped[intpk]
    at: Mapped[created]
    actor_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    actor_role: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[int | None]
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    app_id: Mapped[int | None] = mapped_column(ForeignKey("smart_app.id"))

    actor: Mapped[Person] = relationship(foreign_keys=[actor_id])
    unit: Mapped[Organization | None] = relationship()
    app: Mapped["App | None"] = relationship("App")


def record(read, *, at: datetime | None = None) -> AccessLogEntry:
    """Add an access-log entry for a read by someone other than the person (same transaction).

    `read` is a portal.access.loaders.Read: who read, in which role, whose data, what.
    """
    entry = AccessLogEntry(**_columns(read, at or db.utcnow()))
    db.session.add(entry)
    return entry


def record_all(reads, *, at: datetime | None = None) -> None:
    """Add an entry for each of a request's reads (same transaction), in one statement: a
    staff list shows many people, and an INSERT for each was most of its statements."""
    at = at or db.utcnow()
    rows = [_columns(read, at) for read in reads]
    if rows:
        db.session.execute(insert(AccessLogEntry.__table__), rows)


def _columns(read, at: datetime) -> dict:
    """Return an entry's columns for a read (a portal.access.loaders.Read) at a moment."""
    return {"actor_id": read.actor_id, "subject_id": read.subject_id, "actor_role": read.role,
            "what": read.what, "resource_id": read.resource_id, "unit_id": read.unit_id,
            "app_id": read.app_id, "at": at}
