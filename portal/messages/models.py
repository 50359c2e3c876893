"""Threads, messages, attachments and read markers (FHIR Communication, loosely)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.access.purposes import PurposeRow
from portal.db import Base, UTCDateTime
from portal.journal import units
from portal.journal.models import Organization, Person, Practitioner
from portal.types import created, intpk, str200, text


class Thread(PurposeRow, Base):
    """A conversation between a person and a care team's shared inbox.

    A thread to a team is that team's staff's purpose to see the person.
    """

    __tablename__ = "thread"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        Index("ix_thread_unit_status_last", "unit_id", "status", "last_message_at"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    subject: Mapped[str200]
    status: Mapped[str] = mapped_column(String(10), default="open")
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("practitioner.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created]
    last_message_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    unit: Mapped[Organization] = relationship()
    assigned_to: Mapped[Practitioner | None] = relationship()
    messages: Mapped[list["Message"]] = relationship(
        back_populates="thread", order_by="Message.created_at"
    )

    @classmethod
    def purpose_rows(cls, unit_id: int):
        """Return the condition for the threads to a team (and the sub-teams it covers)."""
        return cls.unit_id.in_(units.served_by(unit_id))


class Message(Base):
    """One message in a thread, by a citizen, a representative or staff."""

    __tablename__ = "message"
    __table_args__ = (
        CheckConstraint("author_role IN ('citizen', 'representative', 'staff')", name="role"),
        CheckConstraint("length(body) > 0", name="body"),
    )

    id: Mapped[intpk]
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    author_role: Mapped[str] = mapped_column(String(15))
    body: Mapped[text]
    created_at: Mapped[created]
    # On a citizen's message that started the team's clock: when the team promised to answer.
    answer_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    thread: Mapped[Thread] = relationship(back_populates="messages")
    author: Mapped[Person] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(back_populates="message")


class Attachment(Base):
    """A file attached to a message, stored outside the static files."""

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint(
            "content_type IN ('application/pdf', 'image/jpeg', 'image/png')", name="type"
        ),
        CheckConstraint("size_bytes > 0", name="size"),
    )

    id: Mapped[intpk]
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str200]
    content_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)

    message: Mapped[Message] = relationship(back_populates="attachments")


class ThreadRead(Base):
    """When a person last read a thread, for unread counts."""

    __tablename__ = "thread_read"
    __table_args__ = (UniqueConstraint("thread_id", "person_id"),)

    id: Mapped[intpk]
    thread_id: Mapped[int] = mapped_column(ForeignKey("thread.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())
