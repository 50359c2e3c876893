"""Parental responsibility (from the register) and powers of attorney (granted in the portal)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, UTCDateTime
from portal.journal.models import Person
from portal.types import created, intpk

POA_LEVELS = ("full", "standard", "read", "communicate")


class ParentalResponsibility(Base):
    """A parent's responsibility (foreldreansvar) for a child, as the register holds it."""

    __tablename__ = "parental_responsibility"
    __table_args__ = (
        UniqueConstraint("parent_id", "child_id"),
        CheckConstraint("parent_id <> child_id", name="not_self"),
    )

    id: Mapped[intpk]
    parent_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    parent: Mapped[Person] = relationship(foreign_keys=[parent_id])
    child: Mapped[Person] = relationship(foreign_keys=[child_id])


class PowerOfAttorney(Base):
    """A power of attorney (fullmakt) from one adult to another, revocable at any time."""

    __tablename__ = "power_of_attorney"
    __table_args__ = (
        CheckConstraint(f"level IN {POA_LEVELS!r}", name="level"),
        CheckConstraint("grantor_id <> grantee_id", name="not_self"),
        CheckConstraint("revoked_at IS NULL OR revoked_at >= created_at", name="revoked_after"),
        # At most one power in force between the same two people.
        Index(
            "uq_power_of_attorney_active",
            "grantor_id",
            "grantee_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[intpk]
    grantor_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    grantee_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[created]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    grantor: Mapped[Person] = relationship(foreign_keys=[grantor_id])
    grantee: Mapped[Person] = relationship(foreign_keys=[grantee_id])


SHARE_CATEGORIES = ("results", "notes_documents", "medications", "problems_plans")


class YouthShare(Base):
    """What a young person of 12-15 has chosen to share with a parent beyond the default."""

    __tablename__ = "youth_share"
    __table_args__ = (
        CheckConstraint(f"category IN {SHARE_CATEGORIES!r}", name="category"),
        CheckConstraint("child_id <> parent_id", name="not_self"),
        Index(
            "uq_youth_share_active",
            "child_id",
            "parent_id",
            "category",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[intpk]
    child_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[created]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
