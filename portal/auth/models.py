"""Server-side login sessions and login events."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime
from portal.journal.models import Organization, Person
from portal.types import created, intpk

ROLES = ("citizen", "staff")
PROVIDERS = ("test", "idporten", "helseid")


class LoginSession(UserMixin, Base):
    """A logged-in session; the browser's cookie carries only its random id."""

    __tablename__ = "login_session"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role"),
        CheckConstraint(f"provider IN {PROVIDERS!r}", name="provider"),
        CheckConstraint("role = 'citizen' OR unit_id IS NOT NULL", name="staff_unit"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    provider: Mapped[str] = mapped_column(String(10))
    acr: Mapped[str | None] = mapped_column(String(40))
    provider_sid: Mapped[str | None] = mapped_column(String(200), index=True)
    id_token: Mapped[str | None] = mapped_column(String(4000))
    # The person the session acts for (g.subject); None means the person themselves.
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[created]
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Read with the row, which every request reads: who is logged in, whom they act for and
    # the unit staff work for are on every page (issue 22).
    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="joined")
    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_id], lazy="joined")
    unit: Mapped[Organization | None] = relationship(lazy="joined")

    def get_id(self) -> str:
        """Return the session id Flask-Login keeps in the cookie."""
        return self.id

    @property
    def is_staff(self) -> bool:
        """Tell whether this session was opened as staff."""
        return self.role == "staff"


class LoginEvent(Base):
    """One login, kept for the management dashboard."""

    __tablename__ = "login_event"
    __table_args__ = (
        CheckConstraint(f"role IN {ROLES!r}", name="role"),
        # The insight dashboard counts logins by period.
        Index("ix_login_event_at", "at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    provider: Mapped[str] = mapped_column(String(10))
    acr: Mapped[str | None] = mapped_column(String(40))
    first_login: Mapped[bool] = mapped_column(default=False)
    at: Mapped[created]
