"""Test helpers for notices: run the sending job with a sender that keeps what it is given."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from portal import db
from portal.notices import Delivery, Notice, send_due
from portal.notices.senders import SendError


@dataclass
class Recorder:
    """A sender that keeps each message instead of sending it; `fail` makes it refuse."""

    sent: list = field(default_factory=list)
    fail: bool = False

    def send(self, address: str, subject: str, body: str) -> None:
        """Keep the message, or refuse it."""
        if self.fail:
            raise SendError("refused by the test")
        self.sent.append((address, subject, body))


def send(now: datetime) -> list[Delivery]:
    """Run the job at a moment and return the deliveries it sent, in order."""
    recorder = Recorder()
    before = set(db.session.scalars(select(Delivery.id).where(Delivery.status == "sent")))
    send_due(now, {"email": recorder, "sms": recorder})
    return [d for d in db.session.scalars(select(Delivery).where(Delivery.status == "sent")
                                          .order_by(Delivery.id)) if d.id not in before]


def queued(**where) -> list[Notice]:
    """Return the notices queued with these column values, oldest first."""
    return list(db.session.scalars(select(Notice).filter_by(**where).order_by(Notice.id)))
