"""The job that sends notices: `flask jobs send-notices`, safe on several hosts at once.

First each new notice is claimed (a conditional UPDATE of its `expanded_at`, so one host
takes it) and its recipients are decided through the access decision, each with a
delivery written in their own language. Then each due delivery is claimed for a while
(its next attempt moved forward, so no other host sends it meanwhile), the decision is
asked again, and it is handed to the sender: marked sent, or tried again later with a
growing pause, until it is marked failed. Each claim is a transaction of its own.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from portal import db
from portal.journal.models import Person
from portal.notices import kinds
from portal.notices.models import Delivery, Notice
from portal.notices.recipients import contact, language, recipients, sees
from portal.notices.senders import Sender, SendError

MAX_ATTEMPTS = 5
FIRST_PAUSE = timedelta(minutes=1)  # then 4, 16 and 64 minutes
LEASE = timedelta(minutes=5)  # how long a claimed delivery is left to the host that took it
BATCH = 200


@dataclass
class Report:
    """What one run did."""

    expanded: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    withdrawn: int = 0


def pause(attempts: int) -> timedelta:
    """Return how long to wait before the next attempt after a number of failed ones."""
    return FIRST_PAUSE * 4 ** (attempts - 1)


def send_due(now: datetime, senders: dict[str, Sender]) -> Report:
    """Decide the recipients of new notices, then send every delivery that is due."""
    report = Report()
    for notice_id in _ids(select(Notice.id).where(Notice.expanded_at.is_(None))):
        report.expanded += _expand(notice_id, now)
    for delivery_id in _ids(select(Delivery.id).where(Delivery.status == "pending",
                                                      Delivery.next_attempt_at <= now)):
        outcome = _deliver(delivery_id, now, senders)
        if outcome:
            setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _ids(query) -> list[int]:
    """Return the ids a query finds, and end the reading transaction."""
    ids = list(db.session.scalars(query.order_by("id").limit(BATCH)))
    db.session.commit()
    return ids


def _expand(notice_id: int, now: datetime) -> int:
    """Claim one notice and write a delivery to each recipient; return 1 if claimed here."""
    def work() -> int:
        claimed = db.session.execute(
            update(Notice).where(Notice.id == notice_id, Notice.expanded_at.is_(None))
            .values(expanded_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            return 0
        notice = db.session.get(Notice, notice_id, populate_existing=True)
        kind = kinds.kind(notice.kind)
        for person, own in recipients(notice, kind, now):
            channel, address = contact(notice, person)
            lang = language(person)
            subject, body = kind.write(notice.params or {}, own=own, lang=lang)
            db.session.add(Delivery(notice_id=notice.id, person_id=person.id, channel=channel,
                                    address=address, language=lang, subject=subject, body=body,
                                    status="pending", next_attempt_at=now, created_at=now))
        return 1

    return db.transaction(work)


def _deliver(delivery_id: int, now: datetime, senders: dict[str, Sender]) -> str | None:
    """Claim one due delivery, ask the decision again, send it; return what became of it.

    Claiming and recording are transactions of their own (run again after a race); the
    sending between them is done once.
    """
    claimed = db.transaction(lambda: db.session.execute(
        update(Delivery).where(Delivery.id == delivery_id, Delivery.status == "pending",
                               Delivery.next_attempt_at <= now)
        .values(next_attempt_at=now + LEASE, attempts=Delivery.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount)
    if claimed != 1:
        return None
    delivery = db.session.get(Delivery, delivery_id, populate_existing=True)
    notice = db.session.get(Notice, delivery.notice_id)
    reader = db.session.get(Person, delivery.person_id)
    allowed = reader.id == notice.person_id or sees(reader, notice, kinds.kind(notice.kind), now)
    address, subject, body, attempts = (delivery.address, delivery.subject, delivery.body,
                                        delivery.attempts)
    db.session.rollback()  # end the reading transaction before the (slow) sending
    if not allowed:
        return _record(delivery_id, status="withdrawn")  # access ended since it was decided
    try:
        senders[delivery.channel].send(address, subject, body)
    except SendError as exc:
        if attempts >= MAX_ATTEMPTS:
            return _record(delivery_id, status="failed", last_error=str(exc)[:500])
        _record(delivery_id, next_attempt_at=now + pause(attempts), last_error=str(exc)[:500])
        return "retried"
    return _record(delivery_id, status="sent", sent_at=now, last_error=None)


def _record(delivery_id: int, **values) -> str:
    """Write what became of a delivery, in a transaction of its own; return its status."""
    db.transaction(lambda: db.session.execute(
        update(Delivery).where(Delivery.id == delivery_id).values(**values)
        .execution_options(synchronize_session=False)))
    return values.get("status", "pending")
