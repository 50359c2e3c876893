"""The outbox: e-mail and SMS waiting for a sender. Never holds health information."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime
from portal.types import created, intpk, str200, text


class OutboxMessage(Base):
    """A notification to send by e-mail or SMS."""

    __tablename__ = "outbox_message"
    __table_args__ = (CheckConstraint("channel IN ('email', 'sms')", name="channel"),)

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(5))
    recipient: Mapped[str200]
    subject: Mapped[str200]
    body: Mapped[text]
    created_at: Mapped[created]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
