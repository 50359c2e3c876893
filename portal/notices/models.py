"""Notices and their deliveries: what happened, and each e-mail or SMS sent about it.

A notice says that something happened about a person (an appointment booked, an answer
from the GP office, news in a case), with the facts its text needs and the people who
might be told besides the person. Whom it goes to is decided when it is sent, through the
access decision, and each delivery is written in the recipient's own language. Neither
ever holds health information (DOMAIN.md, "Secure messages").
"""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime
from portal.types import created, intpk, str200

DELIVERY_STATUSES = ("pending", "sent", "failed", "withdrawn")
CHANNELS = ("email", "sms")


class Notice(Base):
    """Something to tell a person (and those who act for them) by e-mail or SMS."""

    __tablename__ = "notice"
    __table_args__ = (Index("ix_notice_unexpanded", "expanded_at", "id"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    area: Mapped[str] = mapped_column(String(40))  # the access area the notice is about
    # The row it is about (an appointment, a thread, a case): a reader must be able to see it.
    resource: Mapped[str | None] = mapped_column(String(40))
    resource_id: Mapped[int | None]
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    candidates: Mapped[list] = mapped_column(JSON, default=list)  # ids of others to consider
    contacts: Mapped[dict] = mapped_column(JSON, default=dict)  # person id -> [channel, address]
    created_at: Mapped[created]
    expanded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Delivery(Base):
    """One e-mail or SMS of a notice to one recipient, with its attempts."""

    __tablename__ = "notice_delivery"
    __table_args__ = (
        UniqueConstraint("notice_id", "person_id"),
        CheckConstraint(f"status IN {DELIVERY_STATUSES!r}", name="status"),
        CheckConstraint(f"channel IN {CHANNELS!r}", name="channel"),
        Index("ix_notice_delivery_due", "status", "next_attempt_at"),
    )

    id: Mapped[intpk]
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(5))
    address: Mapped[str200]
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str200]
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[created]
